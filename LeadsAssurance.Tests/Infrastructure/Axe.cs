using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>axe-core (bundled by Deque.AxeCore.Playwright, no download) over a page, WCAG 2 A and AA rules.</summary>
public static class Axe
{
    private static readonly AxeRunOptions Wcag2 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] },
    };

    /// <summary>
    /// The serious and critical violations on the page as it stands, one line per element: "rule id · page · target ·
    /// summary". Transitions and animations are stopped first: a colour caught halfway through a fade is not the page's.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page, string name)
    {
        await page.AddStyleTagAsync(new PageAddStyleTagOptions
        {
            Content = "*, *::before, *::after { transition: none !important; animation: none !important; }",
        });
        var result = await page.RunAxe(Wcag2);
        return
        [
            .. from v in result.Violations
               where v.Impact is "serious" or "critical"
               from n in v.Nodes
               select $"{v.Id} ({v.Impact}) · {name} · {n.Target} · {Summary(v, n)}",
        ];
    }

    /// <summary>What axe says is wrong with the element (e.g. the contrast ratio and both colours), or the rule's help.</summary>
    private static string Summary(AxeResultItem rule, AxeResultNode node)
    {
        var messages = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m));
        var text = string.Join("; ", messages);
        return string.IsNullOrEmpty(text) ? rule.Help : text.ReplaceLineEndings(" ");
    }
}
