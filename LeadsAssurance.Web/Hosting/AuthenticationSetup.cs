using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Web.Components.Account;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Identity cookies for people, API keys for programs, and the role policies both go through.</summary>
public static class AuthenticationSetup
{
    private const string SmartScheme = "CookieOrApiKey";

    public static IServiceCollection AddAppAuthentication(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.HasApiKey(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "leadsassurance.auth";
            o.Events.OnRedirectToLogin = context => ApiProblems.IsApiRequest(context.Request)
                ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentification requise.")
                : Redirect(context);
            o.Events.OnRedirectToAccessDenied = context => ApiProblems.IsApiRequest(context.Request)
                ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Accès refusé pour ce compte.")
                : RedirectDeniedAsync(context);
        });
        // A suspension (new security stamp) ends cookie sessions, and open circuits (IdentityRevalidatingAuthenticationStateProvider),
        // within a minute, not the default 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        services.AddSingleton<IAuthorizationHandler, ActiveAccountHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Active, p => p.RequireAuthenticatedUser().AddRequirements(new ActiveAccountRequirement()))
            .AddPolicy(Policies.NotSuspended, p => p.RequireAuthenticatedUser().AddRequirements(new ActiveAccountRequirement(allowPending: true)))
            .AddPolicy(Policies.Admin, p => RoleAndActive(p, Roles.Admin))
            .AddPolicy(Policies.Provider, p => RoleAndActive(p, Roles.Provider))
            .AddPolicy(Policies.Broker, p => RoleAndActive(p, Roles.Broker))
            .AddPolicy(Policies.BrokerOrAdmin, p => RoleAndActive(p, Roles.Broker, Roles.Admin));
        return services;
    }

    private static void RoleAndActive(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.RequireAuthenticatedUser().RequireRole(roles).AddRequirements(new ActiveAccountRequirement());

    /// <summary>A pending account is sent home, where it learns it waits for approval; others see "access denied".</summary>
    private static async Task RedirectDeniedAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        var statuses = context.HttpContext.RequestServices.GetRequiredService<AccountStatusCache>();
        if (context.HttpContext.User.AccountId() is { } id && await statuses.GetAsync(id) != AccountStatus.Active)
            context.Response.Redirect("/");
        else
            await Redirect(context);
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
