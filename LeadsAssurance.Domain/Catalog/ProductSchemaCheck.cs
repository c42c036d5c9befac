using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>
/// Checks a product schema an admin writes against the subset of JSON Schema the generated forms, the CSV import, the
/// market filters and the validator support: an object of typed, titled properties (text, whole number, number, yes/no,
/// list of values, date) with the bounds and "x-" extensions they understand. Anything else is refused with a French
/// message naming the property, so a schema that saves is a schema every screen can render.
/// </summary>
public static partial class ProductSchemaCheck
{
    public const int MaxProperties = 40;
    public const int MaxLength = 64 * 1024;

    private static readonly HashSet<string> RootKeywords = ["$schema", "type", "title", "description", "additionalProperties", "required", "properties"];

    private static readonly HashSet<string> PropertyKeywords =
    [
        "type", "title", "description", "enum", "x-enumNames", "format", "minimum", "maximum", "minLength", "maxLength", "pattern",
        "x-patternMessage", "x-market", "x-order", "x-minAge", "x-maxAge", "x-dateRange", "x-maxDaysAhead",
    ];

    private static readonly HashSet<string> Types = ["string", "integer", "number", "boolean"];

    /// <summary>French errors, empty when the schema can be saved.</summary>
    public static IReadOnlyList<string> Errors(string? schemaJson)
    {
        if (string.IsNullOrWhiteSpace(schemaJson))
            return ["Le schéma est vide."];
        if (schemaJson.Length > MaxLength)
            return [$"Le schéma dépasse {MaxLength / 1024} Ko."];
        JsonObject root;
        try
        {
            root = JsonNode.Parse(schemaJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow }) as JsonObject
                ?? throw new JsonException("un objet JSON est attendu");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (ligne {line + 1})" : "";
            return [$"Le schéma n'est pas un JSON valide{where} : {e.Message.Split(" LineNumber")[0].TrimEnd('.')}."];
        }
        var errors = new List<string>();
        foreach (var key in root.Select(kv => kv.Key).Where(k => !RootKeywords.Contains(k)))
            errors.Add($"Mot-clé non pris en charge à la racine : « {key} ».");
        if (Text(root["type"]) != "object")
            errors.Add("La racine doit être « \"type\": \"object\" ».");
        if (root["additionalProperties"] is { } additional && !(additional is JsonValue v && v.TryGetValue<bool>(out var b) && !b))
            errors.Add("« additionalProperties » doit valoir false : un lead ne porte que les champs décrits.");
        if (root["properties"] is not JsonObject properties || properties.Count == 0)
        {
            errors.Add("« properties » doit décrire au moins un champ.");
            return errors;
        }
        if (properties.Count > MaxProperties)
            errors.Add($"Un produit a au plus {MaxProperties} champs ({properties.Count} décrits).");
        foreach (var (name, node) in properties)
            CheckProperty(name, node, errors);
        if (root["required"] is { } required)
        {
            if (required is not JsonArray list || list.Any(n => Text(n) is null))
                errors.Add("« required » doit être une liste de noms de champs.");
            else
                foreach (var missing in list.Select(Text).Where(n => !properties.ContainsKey(n!)))
                    errors.Add($"« required » cite « {missing} », qui n'est pas un champ décrit.");
        }
        return errors;
    }

    private static void CheckProperty(string name, JsonNode? node, List<string> errors)
    {
        var at = $"Champ « {name} »";
        if (!PropertyName().IsMatch(name))
            errors.Add($"{at} : le nom s'écrit en camelCase, lettres et chiffres sans accent (40 au plus), par exemple « dateNaissance ».");
        if (node is not JsonObject p)
        {
            errors.Add($"{at} : sa description doit être un objet JSON.");
            return;
        }
        foreach (var key in p.Select(kv => kv.Key).Where(k => !PropertyKeywords.Contains(k)))
            errors.Add($"{at} : mot-clé non pris en charge « {key} ».");
        var type = Text(p["type"]);
        if (type is null || !Types.Contains(type))
        {
            errors.Add($"{at} : « type » doit être string, integer, number ou boolean.");
            return;
        }
        if (string.IsNullOrWhiteSpace(Text(p["title"])))
            errors.Add($"{at} : « title » (le libellé affiché au courtier et à l'apporteur) est obligatoire.");
        var numeric = type is "integer" or "number";
        if (p["enum"] is { } values)
        {
            if (type != "string" || values is not JsonArray list || list.Count == 0 || list.Any(n => Text(n) is null))
                errors.Add($"{at} : « enum » est une liste non vide de valeurs texte, pour un champ de type string.");
            else
            {
                if (list.Select(Text).Distinct().Count() != list.Count)
                    errors.Add($"{at} : « enum » contient deux fois la même valeur.");
                if (p["x-enumNames"] is { } names && (names is not JsonArray nameList || nameList.Count != list.Count || nameList.Any(n => Text(n) is null)))
                    errors.Add($"{at} : « x-enumNames » donne un libellé texte par valeur de « enum », dans le même ordre.");
            }
        }
        else if (p["x-enumNames"] is not null)
            errors.Add($"{at} : « x-enumNames » n'a de sens qu'avec « enum ».");
        if (p["format"] is { } format && (type != "string" || Text(format) != "date"))
            errors.Add($"{at} : seul le format « date » (sur un champ string) est pris en charge.");
        var isDate = type == "string" && Text(p["format"]) == "date";
        CheckRange(p, "minimum", "maximum", numeric, at, "un champ numérique", errors, integersOnly: false);
        CheckRange(p, "minLength", "maxLength", type == "string" && !isDate && p["enum"] is null, at, "un champ texte libre", errors, integersOnly: true);
        if (p["pattern"] is { } pattern)
        {
            if (type != "string" || Text(pattern) is not { } regex)
                errors.Add($"{at} : « pattern » s'applique à un champ texte.");
            else
                try { _ = new Regex(regex, RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
                catch (ArgumentException) { errors.Add($"{at} : « pattern » n'est pas une expression régulière valide."); }
        }
        if (p["x-patternMessage"] is not null && p["pattern"] is null)
            errors.Add($"{at} : « x-patternMessage » accompagne un « pattern ».");
        if (p["x-market"] is { } market && !(market is JsonValue mv && mv.TryGetValue<bool>(out _)))
            errors.Add($"{at} : « x-market » vaut true ou false.");
        if (p["x-order"] is { } order && Integer(order) is null)
            errors.Add($"{at} : « x-order » est un nombre entier.");
        foreach (var key in new[] { "x-minAge", "x-maxAge", "x-maxDaysAhead" })
            if (p[key] is { } n && (!isDate || Integer(n) is not >= 0))
                errors.Add($"{at} : « {key} » est un entier positif, pour un champ date.");
        if (p["x-dateRange"] is { } range && (!isDate || Text(range) is not ("past" or "future")))
            errors.Add($"{at} : « x-dateRange » vaut \"past\" ou \"future\", pour un champ date.");
    }

    private static void CheckRange(JsonObject p, string min, string max, bool allowed, string at, string what, List<string> errors, bool integersOnly)
    {
        if (p[min] is null && p[max] is null)
            return;
        if (!allowed)
        {
            errors.Add($"{at} : « {min} » et « {max} » s'appliquent à {what}.");
            return;
        }
        decimal? Read(string key) => p[key] is JsonValue v && v.TryGetValue<decimal>(out var d) && (!integersOnly || (d >= 0 && d == Math.Floor(d))) ? d : null;
        var low = Read(min);
        var high = Read(max);
        if ((p[min] is not null && low is null) || (p[max] is not null && high is null))
            errors.Add($"{at} : « {min} » et « {max} » sont des nombres{(integersOnly ? " entiers positifs" : "")}.");
        else if (low > high)
            errors.Add($"{at} : « {min} » ({low}) dépasse « {max} » ({high}).");
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Integer(JsonNode? node) => node is JsonValue v && v.TryGetValue<decimal>(out var d) && d == Math.Floor(d) ? (long)d : null;

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex PropertyName();
}
