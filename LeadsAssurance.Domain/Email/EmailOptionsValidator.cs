using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadsAssurance.Domain.Email;

/// <summary>
/// Checks the "Email" section at start-up. Production must send through SMTP: a live site whose password resets were
/// written to a folder nobody reads would look as if it worked.
/// </summary>
internal sealed class EmailOptionsValidator(IHostEnvironment environment) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!options.Smtp.IsConfigured && environment.IsProduction())
            errors.Add("Email:Smtp:Host is not set. In Production the app sends its e-mails (password resets, account " +
                "decisions, payments) through an SMTP server: set Email__Smtp__Host, Email__Smtp__Port, Email__Smtp__User, " +
                "Email__Smtp__Password and Email__Smtp__UseTls.");
        if (options.Smtp.Port is < 1 or > 65535)
            errors.Add("Email:Smtp:Port must be between 1 and 65535.");
        if (!string.IsNullOrEmpty(options.Smtp.User) && string.IsNullOrEmpty(options.Smtp.Password))
            errors.Add("Email:Smtp:User is set but Email:Smtp:Password is not.");
        if (!MailboxAddress.TryParse(options.From, out var from) || !from.Address.Contains('@'))
            errors.Add("Email:From must be an e-mail address, optionally with a name: \"LeadsAssurance <no-reply@example.fr>\".");
        if (!options.Smtp.IsConfigured && string.IsNullOrWhiteSpace(options.PickupFolder))
            errors.Add("Email:PickupFolder is needed when no SMTP server is configured.");
        if (options.LowBalanceThreshold < 0)
            errors.Add("Email:LowBalanceThreshold cannot be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
