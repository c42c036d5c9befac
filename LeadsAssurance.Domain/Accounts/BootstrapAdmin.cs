using LeadsAssurance.Domain.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>The "Bootstrap" configuration section: a first admin for automated deployments.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? AdminApiKey { get; set; }
}

/// <summary>Creates the configured admin (and registers its API key) when no account has that email yet.</summary>
public sealed class BootstrapAdmin(
    IOptions<BootstrapOptions> options, UserManager<ApplicationUser> users, AppDbContext db, TimeProvider time,
    ILogger<BootstrapAdmin> logger)
{
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.AdminEmail))
            return;
        if (await users.FindByEmailAsync(o.AdminEmail) is not null)
            return;
        if (string.IsNullOrEmpty(o.AdminPassword))
            throw new InvalidOperationException("Bootstrap:AdminEmail is set but Bootstrap:AdminPassword is not.");

        var now = time.GetUtcNow();
        var admin = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now), UserName = o.AdminEmail, Email = o.AdminEmail, EmailConfirmed = true,
            Role = AccountRole.Admin, CompanyName = "LeadsAssurance", CreatedAt = now,
        };
        admin.Activate(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(admin, o.AdminPassword);
        if (!result.Succeeded)
            throw new InvalidOperationException("Bootstrap admin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        if (!string.IsNullOrWhiteSpace(o.AdminApiKey))
        {
            var (key, _) = ApiKey.Create(admin.Id, "Bootstrap", o.AdminApiKey.Trim(), now);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Bootstrap admin {AccountId} created", admin.Id);
    }
}
