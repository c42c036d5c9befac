namespace LeadsAssurance.Web.Endpoints;

/// <summary>
/// The errors any API operation may answer, declared on each group so the OpenAPI document lists them (each
/// endpoint adds its own: 400, 404, 409, ...). All are ProblemDetails.
/// </summary>
public static class ApiErrors
{
    /// <summary>
    /// 401 key missing, unknown or revoked; 403 wrong role, account pending or suspended, or a change made with the
    /// session cookie alone; 429 too many requests (or unknown keys) from this client; 503 database unavailable.
    /// </summary>
    public static TBuilder ProducesKeyErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>What an anonymous operation may answer whatever its input: 429 past the client's budget, 503 database unavailable.</summary>
    public static TBuilder ProducesPublicErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
