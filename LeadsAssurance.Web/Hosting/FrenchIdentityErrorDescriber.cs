using Microsoft.AspNetCore.Identity;

namespace LeadsAssurance.Web.Hosting;

/// <summary>Identity's validation messages in French.</summary>
public sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"L'adresse {email} est déjà utilisée.");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"L'identifiant {userName} est déjà utilisé.");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"L'adresse e-mail « {email} » est invalide.");
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), $"L'identifiant « {userName} » est invalide.");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "Le lien a expiré ou n'est pas valide.");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Mot de passe incorrect.");
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"Le mot de passe doit compter au moins {length} caractères.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "Le mot de passe doit contenir au moins un caractère spécial.");
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Le mot de passe doit contenir au moins un chiffre.");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Le mot de passe doit contenir au moins une minuscule.");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Le mot de passe doit contenir au moins une majuscule.");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), $"Le mot de passe doit contenir au moins {uniqueChars} caractères différents.");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "Le verrouillage n'est pas activé pour ce compte.");
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "Code de récupération invalide.");
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Le compte a été modifié entre-temps ; réessayez.");
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Une erreur est survenue.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
