using System.Security.Claims;
using Bunit;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// bUnit contexts that render the app's pages with the running app's own services (its database, bus, clock and
/// jobs), signed in as an account: what a person sees on a page, without a browser.
/// </summary>
public static class AppPages
{
    /// <summary>A context signed in as <paramref name="accountId"/> with <paramref name="role"/>, dialogs and snackbars rendered.</summary>
    public static BunitContext SignedIn(AppFactory app, Guid accountId, string role)
    {
        _ = app.Server;
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        // MudBlazor registers the system clock: pages must read the app's (a test's clock, when it has one).
        ctx.Services.Replace(ServiceDescriptor.Singleton(app.Services.GetRequiredService<TimeProvider>()));
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(accountId.ToString());
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, accountId.ToString()), new Claim(AppClaims.Status, "Active"));
        ctx.Services.AddFallbackServiceProvider(app.Services);
        return ctx;
    }

    /// <summary>Renders the providers a MudBlazor layout carries (popovers, dialogs, snackbars); returns the dialog provider.</summary>
    public static IRenderedComponent<MudDialogProvider> RenderProviders(this BunitContext ctx)
    {
        ctx.Render<MudPopoverProvider>();
        ctx.Render<MudSnackbarProvider>();
        return ctx.Render<MudDialogProvider>();
    }
}
