using System.Text.Json;
using System.Text.RegularExpressions;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Errors;

/// <summary>
/// What the minimal-API binder refused (a <see cref="BadHttpRequestException"/>: a query value that is not a number,
/// malformed JSON, a wrong content type), as a French ProblemDetails that names the field. The binder's messages
/// name the parameter as <c>"Type name"</c>; a JSON error carries the path of the value that broke it.
/// </summary>
public static partial class BindingProblems
{
    private const string Body = "body";

    public static ProblemDetails For(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status400BadRequest when Field(e) is { } field => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [field.Name] = [field.Message] })
        {
            Status = StatusCodes.Status400BadRequest, Title = "Données invalides.",
        },
        StatusCodes.Status413PayloadTooLarge => Problem(e.StatusCode, "Le corps de la requête est trop volumineux."),
        StatusCodes.Status415UnsupportedMediaType => ApiProblems.ForStatus(e.StatusCode),
        _ => Problem(e.StatusCode, "La requête est mal formée."),
    };

    private static (string Name, string Message)? Field(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
            return JsonField(json);
        if (e.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
            return (Body, "Le corps de la requête (JSON) est obligatoire.");
        if (Parameter().Match(e.Message) is not { Success: true } match)
            return null;
        var name = match.Groups["name"].Value;
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal))
            return e.Message.EndsWith("from body.", StringComparison.Ordinal)
                ? (Body, "Le corps de la requête (JSON) est obligatoire.")
                : (name, "Ce paramètre est obligatoire.");
        if (e.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) && Value().Match(e.Message) is { Success: true } value)
            return (name, $"Valeur invalide : « {Shorten(value.Groups["value"].Value)} ».");
        return (name, "Valeur invalide.");
    }

    /// <summary>The field a JSON error names (its path: <c>consent.capturedAt</c>, <c>leads[3].phone</c>), or the whole body.</summary>
    public static (string Name, string Message) JsonField(JsonException e) => e.Path is null or "$"
        ? (Body, "Le corps de la requête n'est pas un document JSON valide pour ce point d'accès.")
        : (e.Path.TrimStart('$').TrimStart('.'), "Valeur invalide à cet endroit (type inattendu ou JSON mal formé).");

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private static ProblemDetails Problem(int status, string detail) =>
        new() { Status = status, Title = ApiProblems.Title(status), Detail = detail };

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[^\" ]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();

    [GeneratedRegex("from \"(?<value>.*)\"\\.$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Value();
}
