using System.Net.Mail;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Email;
using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>What a company gives to open an account.</summary>
public sealed record NewAccount(
    string Email, string Password, AccountRole Role, string CompanyName, string? Siren, string? OriasNumber);

/// <summary>Opens provider and broker accounts, pending until an admin approves them.</summary>
public sealed class AccountRegistration(UserManager<ApplicationUser> users, AppDbContext db, EmailOutbox outbox, EmailTemplates emails, TimeProvider time)
{
    /// <summary>Validates and creates the account. Throws <see cref="ValidationFailedException"/> or <see cref="ConflictException"/>.</summary>
    public async Task<ApplicationUser> RegisterAsync(NewAccount input, Guid? actorId = null, bool active = false)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var email = input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
            throw new ConflictException("Un compte existe déjà avec cette adresse e-mail.");

        var now = time.GetUtcNow();
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            Role = input.Role,
            CompanyName = input.CompanyName.Trim(),
            Siren = FrenchBusinessIds.Normalize(input.Siren) is { Length: > 0 } siren ? siren : null,
            OriasNumber = input.Role == AccountRole.Broker ? FrenchBusinessIds.Normalize(input.OriasNumber) : null,
            CreatedAt = now,
        };
        if (active)
            user.Activate(now);
        db.AuditLog.Add(new AuditEntry(actorId, "account.created", $"account:{user.Id}",
            $"{input.Role} {user.CompanyName} <{email}>", now));
        // Written by the same SaveChanges as the account (UserManager's), so a refused account is sent nothing.
        if (!active)
            outbox.Enqueue(db, email, emails.AccountCreated(user.CompanyName, user.Role));
        var result = await users.CreateAsync(user, input.Password);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["password"] = [.. result.Errors.Select(e => e.Description)],
            });
        }
        return user;
    }

    public static Dictionary<string, string[]> Validate(NewAccount input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Email) || !MailAddress.TryCreate(input.Email.Trim(), out var parsed)
            || parsed.Address != input.Email.Trim() || !parsed.Host.Contains('.'))
            errors["email"] = ["Adresse e-mail invalide."];
        if (input.Role == AccountRole.Admin)
            errors["role"] = ["Le rôle doit être « Provider » (apporteur) ou « Broker » (courtier)."];
        if (string.IsNullOrWhiteSpace(input.CompanyName) || input.CompanyName.Trim().Length is < 2 or > 200)
            errors["companyName"] = ["La raison sociale est obligatoire (2 à 200 caractères)."];
        if (!string.IsNullOrWhiteSpace(input.Siren) && !FrenchBusinessIds.IsValidSiren(input.Siren))
            errors["siren"] = ["Le SIREN doit compter 9 chiffres et être valide."];
        if (input.Role == AccountRole.Broker && !FrenchBusinessIds.IsValidOrias(input.OriasNumber))
            errors["oriasNumber"] = ["Le numéro ORIAS d'un courtier est obligatoire : 8 chiffres (ex. 12 345 678)."];
        if (string.IsNullOrEmpty(input.Password))
            errors["password"] = ["Le mot de passe est obligatoire."];
        return errors;
    }
}
