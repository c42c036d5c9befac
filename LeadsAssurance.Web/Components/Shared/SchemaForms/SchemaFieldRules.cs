using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadsAssurance.Domain.Catalog;

namespace LeadsAssurance.Web.Components.Shared.SchemaForms;

/// <summary>
/// The checks the form makes before sending, worded like the server's (AttributeValidator), so a provider sees the
/// same French message whichever side catches the mistake.
/// </summary>
public static class SchemaFieldRules
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IReadOnlyList<string> Check(SchemaField field, JsonNode? value, DateOnly today)
    {
        var t = field.Title;
        if (value is null)
            return field.Required ? [$"« {t} » est obligatoire."] : [];
        var errors = new List<string>();
        var text = value is JsonValue jv && jv.TryGetValue<string>(out var str) ? str : null;
        if (field.Kind is SchemaFieldKind.Enum or SchemaFieldKind.Date or SchemaFieldKind.Text && text is null)
            return [$"« {t} » doit être un texte."];
        if (field.Kind is SchemaFieldKind.Boolean && value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            return [$"« {t} » doit valoir oui ou non."];
        switch (field.Kind)
        {
            case SchemaFieldKind.Number or SchemaFieldKind.Integer:
                if (!TryReadNumber(value, out var number))
                {
                    errors.Add($"« {t} » doit être un nombre.");
                    break;
                }
                if (field.Kind == SchemaFieldKind.Integer && number != decimal.Truncate(number))
                    errors.Add($"« {t} » doit être un nombre entier.");
                if (field.Minimum is { } min && number < min)
                    errors.Add($"« {t} » doit être au moins {Format(min)}.");
                if (field.Maximum is { } max && number > max)
                    errors.Add($"« {t} » doit être au plus {Format(max)}.");
                break;
            case SchemaFieldKind.Enum:
                if (!field.EnumValues.Contains(text!))
                    errors.Add($"« {t} » : valeur non autorisée.");
                break;
            case SchemaFieldKind.Date:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    errors.Add("Date invalide (format attendu : AAAA-MM-JJ).");
                else
                    errors.AddRange(SchemaRules.CheckDate(field.Extensions, date, today));
                break;
            case SchemaFieldKind.Text:
                if (field.MinLength is { } minLength && text!.Length < minLength)
                    errors.Add($"« {t} » doit compter au moins {minLength} caractères.");
                if (field.MaxLength is { } maxLength && text!.Length > maxLength)
                    errors.Add($"« {t} » doit compter au plus {maxLength} caractères.");
                if (field.Pattern is { } pattern && !Regex.IsMatch(text!, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    errors.Add(field.PatternMessage ?? $"« {t} » n'a pas le format attendu.");
                break;
        }
        return errors;
    }

    /// <summary>Reads a JSON number whatever CLR type backs the node (long, double, decimal).</summary>
    public static bool TryReadNumber(JsonNode? node, out decimal number)
    {
        number = 0;
        return node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    public static string Format(decimal value) => value.ToString("#,##0.##", French);
}
