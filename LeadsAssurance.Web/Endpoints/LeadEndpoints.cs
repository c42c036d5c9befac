using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Endpoints;

public sealed record LeadCreated(Guid Id, string Status, string ProofHash);
public sealed record BulkRequest(IReadOnlyList<LeadSubmission>? Leads);
public sealed record BulkItem(int Index, int Status, Guid? Id, string? ProofHash, IReadOnlyDictionary<string, string[]>? Errors);
public sealed record BulkResponse(IReadOnlyList<BulkItem> Results);
public sealed record ProviderLeadItem(Guid Id, string ProductCode, string Status, decimal Price, bool Exclusive, int SoldCount, int MaxBuyers,
    string Departement, string City, DateTimeOffset CreatedAt, DateTimeOffset ConsentCapturedAt, string? ProofHash);
public sealed record ProviderLeadsResponse(IReadOnlyList<ProviderLeadItem> Items, int Total);
public sealed record ConsentCheckResponse(bool Valid, DateTimeOffset CapturedAt, string ProductCode, string Provider, string TextVersion, long ChainPosition,
    DateTimeOffset? IdentityErasedAt = null, DateTimeOffset? VerifiedBeforeErasureAt = null, int? FormatVersion = null,
    bool? CheckboxUncheckedByDefault = null, string? PageSnapshotSha256 = null, string? PartnerList = null);

/// <summary>API.md "Leads (provider)" and "Consent verification".</summary>
public static class LeadEndpoints
{
    public const string RateLimitPolicy = "provider-api";
    private const int MaxSingleBody = 256 * 1024;
    private const int MaxBulkBody = 16 * 1024 * 1024;

    /// <summary>
    /// A lead's body may carry a page snapshot up to its cap, which JSON escaping can make several times longer: a
    /// snapshot slightly over the cap still reaches the validator, which names the field, rather than a bare 413.
    /// </summary>
    private static int SingleBodyLimit(HttpContext http) =>
        MaxSingleBody + 4 * http.RequestServices.GetRequiredService<IOptions<ConsentCaptureOptions>>().Value.PageSnapshotMaxBytes;

    public static void MapLeadEndpoints(this RouteGroupBuilder v1)
    {
        var provider = v1.MapGroup("/leads").RequireAuthorization(Policies.Provider).RequireRateLimiting(RateLimitPolicy).WithTags("Leads (apporteur)")
            .ProducesKeyErrors();
        provider.MapPost("", CreateAsync).Accepts<LeadSubmission>("application/json")
            .Produces<LeadCreated>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateLead").WithSummary("Envoyer un lead")
            .WithDescription("Valide le lead (téléphone, code postal et ville, e-mail, attributs selon le schéma du produit, consentement de moins de "
                + "30 jours), l'inscrit dans la chaîne des preuves de consentement et le met en vente. 400 avec les erreurs par champ, 409 doublon "
                + "(même téléphone ou e-mail pour le même produit sous 30 jours). En-tête Idempotency-Key facultatif : la même clé avec le même corps "
                + "renvoie la première réponse, avec un autre corps 422.");
        provider.MapPost("/bulk", BulkAsync).Accepts<BulkRequest>("application/json")
            .Produces<BulkResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateLeadsBulk").WithSummary("Envoyer jusqu'à 1 000 leads")
            .WithDescription("Chaque lead est jugé comme par l'envoi unitaire ; la réponse donne, pour chacun, son statut (201, 400 ou 409) et ses erreurs.");
        provider.MapGet("", ListAsync).WithName("ListProviderLeads").WithSummary("Mes leads envoyés")
            .WithDescription("Vos leads, du plus récent au plus ancien, filtrables par statut (Stock, Reserved, Sold, Rejected, Expired) ; page à partir de 1, pageSize de 1 à 200.")
            .ProducesValidationProblem();
        v1.MapGet("/consents/{proofHash}", VerifyAsync).AllowAnonymous().RequireRateLimiting(Hosting.RateLimiting.ConsentChecks)
            .WithTags("Vérification du consentement").ProducesPublicErrors().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("VerifyConsent").WithSummary("Vérifier une preuve de consentement (public, sans clé)")
            .WithDescription("Recalcule l'empreinte SHA-256 d'une preuve et sa place dans la chaîne : date de recueil, produit, apporteur, version du texte. "
                + "Aucune donnée personnelle. Si la personne a fait effacer son identité (RGPD art. 17), la date de l'effacement "
                + "(et, pour une preuve de la première version, la date de sa vérification juste avant). Depuis la version 3 de la forme "
                + "canonique : si la case était décochée par défaut (null : non déclaré) et le SHA-256 de la capture de la page de recueil. "
                + "404 pour une empreinte inconnue.");
    }

    private static Task<IResult> CreateAsync(HttpContext http, LeadIngestion ingestion, IdempotencyStore idempotency, IOptions<JsonOptions> json, CancellationToken ct) =>
        HandleAsync(http, idempotency, json.Value.SerializerOptions, SingleBodyLimit(http), async body =>
        {
            var submission = Parse<LeadSubmission>(body, json.Value.SerializerOptions, out var error);
            if (submission is null)
                return NotJson(error, json.Value.SerializerOptions);
            var result = await ingestion.IngestAsync(http.User.RequiredAccountId(), submission, ct);
            return result.Status switch
            {
                IngestionStatus.Accepted => Serialized(StatusCodes.Status201Created, new LeadCreated(result.LeadId!.Value, (result.LeadStatus ?? LeadStatus.Stock).ToString(), result.ProofHash!), json.Value.SerializerOptions,
                    location: $"/api/v1/leads/{result.LeadId}"),
                IngestionStatus.Duplicate => Problem(StatusCodes.Status409Conflict, "Lead en double", result.Reason, result.Errors, json.Value.SerializerOptions),
                _ => Problem(StatusCodes.Status400BadRequest, "Données invalides.", null, result.Errors, json.Value.SerializerOptions),
            };
        });

    private static Task<IResult> BulkAsync(HttpContext http, LeadIngestion ingestion, IdempotencyStore idempotency, IOptions<JsonOptions> json, CancellationToken ct) =>
        HandleAsync(http, idempotency, json.Value.SerializerOptions, MaxBulkBody, async body =>
        {
            var request = Parse<BulkRequest>(body, json.Value.SerializerOptions, out var error);
            if (request is null)
                return NotJson(error, json.Value.SerializerOptions);
            if (request.Leads is not { Count: > 0 } leads)
                return Problem(StatusCodes.Status400BadRequest, "Données invalides.", null,
                    new Dictionary<string, string[]> { ["leads"] = ["La liste de leads est vide."] }, json.Value.SerializerOptions);
            if (leads.Select((lead, i) => lead is null ? i : -1).FirstOrDefault(i => i >= 0, -1) is var hole and >= 0)
                return Problem(StatusCodes.Status400BadRequest, "Données invalides.", null,
                    new Dictionary<string, string[]> { [$"leads[{hole}]"] = ["Un lead est attendu ici, pas null."] }, json.Value.SerializerOptions);
            if (leads.Count > LeadIngestion.MaxBatch)
                return Problem(StatusCodes.Status400BadRequest, "Données invalides.", null,
                    new Dictionary<string, string[]> { ["leads"] = [$"{LeadIngestion.MaxBatch} leads au plus par appel ({leads.Count} reçus)."] }, json.Value.SerializerOptions);
            var results = await ingestion.IngestManyAsync(http.User.RequiredAccountId(), leads, ct);
            var items = results.Select((r, i) => new BulkItem(i, (int)r.Status, r.LeadId, r.ProofHash, r.Errors)).ToList();
            return Serialized(StatusCodes.Status200OK, new BulkResponse(items), json.Value.SerializerOptions);
        });

    private static async Task<Ok<ProviderLeadsResponse>> ListAsync(ProviderLeads leads, ClaimsPrincipal user, [FromQuery] string? status,
        [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct)
    {
        LeadStatus? filter = Enum.TryParse<LeadStatus>(status, ignoreCase: true, out var s) ? s : null;
        if (status is not null && filter is null)
            throw new Domain.ValidationFailedException(new Dictionary<string, string[]> { ["status"] = [$"Statut inconnu : « {status} » (Stock, Reserved, Sold, Rejected, Expired)."] });
        var result = await leads.ListAsync(user.RequiredAccountId(), new ProviderLeadQuery(filter, null, page ?? 1, pageSize ?? 50), ct);
        return TypedResults.Ok(new ProviderLeadsResponse([.. result.Items.Select(l => new ProviderLeadItem(l.Id, l.ProductCode, l.Status.ToString(), l.Price,
            l.MaxBuyers == 1, l.SoldCount, l.MaxBuyers, l.Departement, l.City, l.CreatedAt, l.ConsentCapturedAt, l.ProofHash))], result.Total));
    }

    private static async Task<Results<Ok<ConsentCheckResponse>, ProblemHttpResult>> VerifyAsync(string proofHash, ConsentVerifier verifier, CancellationToken ct)
    {
        var check = await verifier.VerifyAsync(proofHash, ct);
        if (check is null)
            return TypedResults.Problem(title: "Preuve de consentement inconnue.", statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(new ConsentCheckResponse(check.Valid, check.CapturedAt, check.ProductCode, check.Provider, check.TextVersion, check.ChainPosition,
            check.IdentityErasedAt, check.VerifiedBeforeErasureAt, check.FormatVersion, check.CheckboxUncheckedByDefault, check.PageSnapshotSha256,
            check.PartnerList));
    }

    /// <summary>
    /// Reads the body (bounded), then honours Idempotency-Key: a repeat with the same body gets the first response
    /// again, another body 422, a repeat while the first is still running 409.
    /// </summary>
    private static async Task<IResult> HandleAsync(HttpContext http, IdempotencyStore idempotency, JsonSerializerOptions json, int maxBody, Func<byte[], Task<SerializedResult>> handle)
    {
        var body = await ReadBodyAsync(http.Request, maxBody);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Requête trop volumineuse.", $"Le corps de la requête dépasse {maxBody / 1024} Ko.", null, json);
        var key = http.Request.Headers["Idempotency-Key"].ToString().Trim();
        if (key.Length == 0)
            return await handle(body);
        if (key.Length > 200)
            return Problem(StatusCodes.Status400BadRequest, "Données invalides.", null,
                new Dictionary<string, string[]> { ["Idempotency-Key"] = ["La clé d'idempotence dépasse 200 caractères."] }, json);

        var account = http.User.RequiredAccountId();
        var hash = Convert.ToHexStringLower(SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n"), .. body]));
        var (state, record) = await idempotency.BeginAsync(account, key, hash);
        switch (state)
        {
            case IdempotencyState.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Content(record!.ResponseBody, record.ContentType, statusCode: record.StatusCode);
            case IdempotencyState.Mismatch:
                return Problem(StatusCodes.Status422UnprocessableEntity, "Clé d'idempotence déjà utilisée",
                    "Cette clé Idempotency-Key a déjà servi pour une autre requête.", null, json);
            case IdempotencyState.InProgress:
                return Problem(StatusCodes.Status409Conflict, "Requête en cours",
                    "Une requête avec cette clé Idempotency-Key est encore en cours de traitement ; réessayez dans un instant.", null, json);
        }
        try
        {
            var result = await handle(body);
            await idempotency.CompleteAsync(account, key, result.StatusCode, result.Body, result.ContentType);
            return result;
        }
        catch
        {
            await idempotency.AbandonAsync(account, key);
            throw;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max)
    {
        if (request.ContentLength > max)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static T? Parse<T>(byte[] body, JsonSerializerOptions json, out JsonException? error) where T : class
    {
        error = null;
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, json);
        }
        catch (JsonException e)
        {
            error = e;
            return null;
        }
    }

    /// <summary>400 naming the value that broke the JSON (or the whole body when it is empty, null or not JSON at all).</summary>
    private static SerializedResult NotJson(JsonException? error, JsonSerializerOptions json)
    {
        var (field, message) = error is null
            ? ("body", "Le corps de la requête n'est pas un document JSON valide pour ce point d'accès.")
            : Hosting.Errors.BindingProblems.JsonField(error);
        return Problem(StatusCodes.Status400BadRequest, "Données invalides.", null, new Dictionary<string, string[]> { [field] = [message] }, json);
    }

    private static SerializedResult Problem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors, JsonSerializerOptions json)
    {
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors.ToDictionary()) { Status = status, Title = title, Detail = detail };
        problem.Type = $"https://tools.ietf.org/html/rfc9110#section-15.5.{status switch { 400 => 1, 409 => 10, 413 => 14, 422 => 21, _ => 1 }}";
        return new SerializedResult(status, JsonSerializer.Serialize(problem, problem.GetType(), json), "application/problem+json", null);
    }

    private static SerializedResult Serialized<T>(int status, T value, JsonSerializerOptions json, string? location = null) =>
        new(status, JsonSerializer.Serialize(value, json), "application/json; charset=utf-8", location);

    /// <summary>A response already written as text, so the idempotency store can keep exactly what was sent.</summary>
    private sealed record SerializedResult(int StatusCode, string Body, string ContentType, string? Location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCode;
            http.Response.ContentType = ContentType;
            if (Location is not null)
                http.Response.Headers.Location = Location;
            return http.Response.WriteAsync(Body);
        }
    }
}
