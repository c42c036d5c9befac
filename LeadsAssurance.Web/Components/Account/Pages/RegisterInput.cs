using System.ComponentModel.DataAnnotations;

namespace LeadsAssurance.Web.Components.Account.Pages;

/// <summary>The registration form. Formats are checked again by AccountRegistration, which has the last word.</summary>
public sealed class RegisterInput
{
    [Required(ErrorMessage = "Indiquez si vous êtes apporteur ou courtier.")]
    public string Role { get; set; } = "Broker";

    [Required(ErrorMessage = "La raison sociale est obligatoire.")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "La raison sociale doit compter de 2 à 200 caractères.")]
    public string CompanyName { get; set; } = "";

    [Required(ErrorMessage = "Le SIREN est obligatoire.")]
    [RegularExpression(@"^\s*(\d\s*){9}$", ErrorMessage = "Le SIREN compte 9 chiffres.")]
    public string Siren { get; set; } = "";

    public string? OriasNumber { get; set; }

    [Required(ErrorMessage = "L'adresse e-mail est obligatoire.")]
    [EmailAddress(ErrorMessage = "Adresse e-mail invalide.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Le mot de passe est obligatoire.")]
    [StringLength(100, MinimumLength = 8, ErrorMessage = "Le mot de passe doit compter de 8 à 100 caractères.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne correspondent pas.")]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>Maps the domain's field names to this form's properties.</summary>
    public static string PropertyFor(string field) => field switch
    {
        "email" => nameof(Email),
        "companyName" => nameof(CompanyName),
        "siren" => nameof(Siren),
        "oriasNumber" => nameof(OriasNumber),
        "role" => nameof(Role),
        _ => nameof(Password),
    };
}
