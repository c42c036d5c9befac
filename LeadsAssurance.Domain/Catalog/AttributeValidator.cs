using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>
/// Server-side validation of a lead's attributes against its product's JSON Schema (NJsonSchema), plus the
/// extensions our schemas use (x-minAge, x-maxAge, x-dateRange). Errors are French, keyed by attribute name.
/// </summary>
public sealed class AttributeValidator(TimeProvider time)
{
    private sealed record Compiled(JsonSchema Schema, ConformingDocuments? Quick);

    private readonly ConcurrentDictionary<string, Compiled> _schemas = new();
    // The catalogue hands out the same schema string for every lead of a product: found by reference, a 3 KB string
    // is not hashed again for each row of an import.
    private readonly ConditionalWeakTable<string, Compiled> _byInstance = new();

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public ValueTask<IReadOnlyDictionary<string, string[]>> ValidateAsync(string schemaJson, string attributesJson)
    {
        if (_byInstance.TryGetValue(schemaJson, out var compiled))
            return new(Validate(compiled, attributesJson));
        if (_schemas.TryGetValue(schemaJson, out compiled))
        {
            _byInstance.AddOrUpdate(schemaJson, compiled);
            return new(Validate(compiled, attributesJson));
        }
        return CompileThenValidateAsync(schemaJson, attributesJson);
    }

    private async ValueTask<IReadOnlyDictionary<string, string[]>> CompileThenValidateAsync(string schemaJson, string attributesJson)
    {
        var compiled = _schemas.GetOrAdd(schemaJson, new Compiled(await JsonSchema.FromJsonAsync(schemaJson), ConformingDocuments.For(schemaJson)));
        _byInstance.AddOrUpdate(schemaJson, compiled);
        return Validate(compiled, attributesJson);
    }

    private IReadOnlyDictionary<string, string[]> Validate(Compiled compiled, string attributesJson)
    {
        var (schema, quick) = compiled;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // Most documents are valid: confirm it cheaply, then only the date rules are left. Anything else goes through NJsonSchema.
        if (quick is not null && quick.Conforms(attributesJson, out var dates))
        {
            Dictionary<string, string[]>? dateErrors = null;
            foreach (var (name, date) in dates)
            {
                var messages = SchemaRules.CheckDate(schema.Properties[name].ExtensionData, date, today).ToArray();
                if (messages.Length > 0)
                    (dateErrors ??= [])[name] = [.. messages.Distinct()];
            }
            return dateErrors ?? NoErrors;
        }
        return ValidateWithNJsonSchema(schema, attributesJson, today);
    }

    /// <summary>The reference validation: NJsonSchema, then the date rules. Public for the tests that compare both paths.</summary>
    internal static IReadOnlyDictionary<string, string[]> ValidateWithNJsonSchema(JsonSchema schema, string attributesJson, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        // One parse, shared by NJsonSchema and the date rules (this runs for every row of an import).
        Newtonsoft.Json.Linq.JToken document;
        try
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(attributesJson))
            {
                DateParseHandling = Newtonsoft.Json.DateParseHandling.None,
                FloatParseHandling = Newtonsoft.Json.FloatParseHandling.Decimal,
            };
            document = Newtonsoft.Json.Linq.JToken.ReadFrom(reader);
            if (reader.Read())
                throw new Newtonsoft.Json.JsonReaderException("Trailing content.");
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return new Dictionary<string, string[]> { [""] = ["Les attributs ne sont pas un document JSON valide."] };
        }
        if (document is not Newtonsoft.Json.Linq.JObject obj)
            return new Dictionary<string, string[]> { [""] = ["Les attributs doivent être un objet JSON."] };

        ICollection<ValidationError> schemaErrors;
        try
        {
            schemaErrors = schema.Validate(document);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            // NJsonSchema cannot compare a number beyond decimal's range (it throws instead of reporting it).
            return new Dictionary<string, string[]> { [""] = ["Un nombre des attributs est hors des limites acceptées."] };
        }
        foreach (var error in schemaErrors)
            Add(errors, error.Property ?? "", Describe(error, schema));

        foreach (var (name, property) in schema.Properties)
        {
            if (property.Format != "date" || obj[name] is not Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.String } value)
                continue;
            var text = (string)value.Value!;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Add(errors, name, "Date invalide (format attendu : AAAA-MM-JJ).");
                continue;
            }
            foreach (var message in SchemaRules.CheckDate(property.ExtensionData, date, today))
                Add(errors, name, message);
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray());
    }

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
            errors[key] = list = [];
        list.Add(message);
    }

    private static string Describe(ValidationError error, JsonSchema root)
    {
        var property = error.Property is not null && root.Properties.TryGetValue(error.Property, out var p) ? p : null;
        var title = property?.Title ?? error.Property ?? "";
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"« {title} » est obligatoire.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"Le champ « {error.Property} » n'existe pas pour ce produit.",
            ValidationErrorKind.NumberTooSmall => $"« {title} » doit être au moins {Format(property?.Minimum)}.",
            ValidationErrorKind.NumberTooBig => $"« {title} » doit être au plus {Format(property?.Maximum)}.",
            ValidationErrorKind.StringTooShort => $"« {title} » doit compter au moins {property?.MinLength} caractères.",
            ValidationErrorKind.StringTooLong => $"« {title} » doit compter au plus {property?.MaxLength} caractères.",
            ValidationErrorKind.PatternMismatch => (property?.ExtensionData is { } ext && ext.TryGetValue("x-patternMessage", out var m) ? m as string : null)
                ?? $"« {title} » n'a pas le format attendu.",
            ValidationErrorKind.NotInEnumeration => $"« {title} » : valeur non autorisée.",
            ValidationErrorKind.IntegerExpected => $"« {title} » doit être un nombre entier.",
            ValidationErrorKind.NumberExpected => $"« {title} » doit être un nombre.",
            ValidationErrorKind.BooleanExpected => $"« {title} » doit valoir oui ou non.",
            ValidationErrorKind.StringExpected => $"« {title} » doit être un texte.",
            ValidationErrorKind.DateExpected => $"« {title} » doit être une date (AAAA-MM-JJ).",
            _ => $"« {title} » est invalide ({error.Kind}).",
        };
    }

    private static string Format(decimal? value) =>
        value?.ToString("#,##0.##", CultureInfo.GetCultureInfo("fr-FR")) ?? "";
}
