using System.Net;
using System.Text.RegularExpressions;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Posts the statically rendered account pages (forgot password, reset password) the way a browser does: read the
/// form's hidden fields (antiforgery token, form name), add the visible ones, post with the page's cookies.
/// </summary>
public static partial class AccountForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, IDictionary<string, string> fields)
    {
        var page = await client.GetAsync(pageUrl);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the form at {0} should render", pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var form = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
            form[name] = value;
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}
