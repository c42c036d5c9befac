using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>What a person does on any page: sign in, and wait until the page answers clicks.</summary>
public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit is connected, so clicks are not lost.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-circuit-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static async Task LogInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
    }
}
