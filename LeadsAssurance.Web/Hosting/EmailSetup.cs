using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Web.Hosting;

/// <summary>The host's side of e-mail: Identity's sender, and the defaults that depend on where the app runs.</summary>
public static class EmailSetup
{
    /// <summary>The address the app listens on in development (launchSettings.json, README).</summary>
    public const string DevelopmentBaseUrl = "http://localhost:5022";

    public static IHostApplicationBuilder AddEmailDelivery(this IHostApplicationBuilder builder, string dataFolder)
    {
        var services = builder.Services;
        services.AddSingleton<IEmailSender<ApplicationUser>, OutboxEmailSender>();
        // Without SMTP (development) messages wait as .eml files under the data folder, unless Email:PickupFolder says otherwise.
        services.PostConfigure<EmailOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.PickupFolder))
                o.PickupFolder = Path.Combine(dataFolder, "mail");
        });
        // Anywhere else links must name the real site: AppOptions refuses to start without it.
        if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
            services.PostConfigure<AppOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl))
                    o.PublicBaseUrl = DevelopmentBaseUrl;
            });
        return builder;
    }
}
