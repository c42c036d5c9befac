using System.Security.Claims;
using LeadsAssurance.Domain.Calling;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

public sealed record CallAttemptRequest(DateTimeOffset? At, CallOutcome? Outcome, string? Note);
public sealed record CallAttemptResponse(Guid Id, DateTimeOffset At, CallOutcome Outcome, string? Note, bool WithinCallingHours, DateTimeOffset RecordedAt);
public sealed record CallingStatusResponse(DateTimeOffset ConsentCapturedAt, DateTimeOffset CallWindowEndsAt, bool WindowOpen, bool CallingTimeNow,
    DateTimeOffset NextCallingTime, int AttemptsIn30Days, int MaxAttempts, List<string> Warnings, List<CallAttemptResponse> Attempts);

/// <summary>The calling rules of a bought lead and its call attempts: API.md, section Calling rules.</summary>
public static class CallingEndpoints
{
    public static void MapCallingEndpoints(this RouteGroupBuilder v1)
    {
        var calls = v1.MapGroup("/purchases/{leadId:guid}").RequireAuthorization(Policies.Broker).WithTags("Règles d'appel").ProducesKeyErrors();
        calls.MapGet("/calls", StatusAsync).WithName("GetCallingStatus").WithSummary("Règles d'appel d'un achat")
            .WithDescription("Jusqu'à quand le consentement permet d'appeler (30 jours, R112-7), si l'heure est légale (du lundi au vendredi, "
                + "10 h–13 h et 14 h–20 h, hors jours fériés) et sinon le prochain créneau, et les tentatives des 30 derniers jours (4 au plus). "
                + "404 si vous n'avez pas acheté ce lead.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calls.MapPost("/calls", RecordAsync).WithName("RecordCallAttempt").WithSummary("Noter une tentative d'appel")
            .WithDescription("Enregistre un appel passé (date, résultat, note) : NoAnswer, Voicemail, Busy, WrongNumber, CallBackRequested, Reached "
                + "ou Opposed. Un appel hors des horaires légaux est enregistré et signalé (withinCallingHours: false). Les tentatives servent de "
                + "preuve pour un retour « injoignable ». 400 pour un résultat manquant ou une date future, 404 si vous n'avez pas acheté ce lead.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<CallingStatusResponse>> StatusAsync(Guid leadId, CallAttempts calls, ClaimsPrincipal user, CancellationToken ct)
    {
        var s = await calls.StatusAsync(user.RequiredAccountId(), leadId, ct);
        return TypedResults.Ok(new CallingStatusResponse(s.ConsentCapturedAt, s.CallWindowEnd, s.WindowOpen, s.CallingTimeNow, s.NextCallingTime,
            s.AttemptsIn30Days, CallingRules.MaxAttempts, [.. s.Warnings], [.. s.Attempts.Select(Response)]));
    }

    private static async Task<Created<CallAttemptResponse>> RecordAsync(Guid leadId, CallAttemptRequest request, CallAttempts calls,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var attempt = await calls.RecordAsync(user.RequiredAccountId(), leadId, request.At, request.Outcome, request.Note, ct);
        return TypedResults.Created($"/api/v1/purchases/{leadId}/calls", Response(attempt));
    }

    private static CallAttemptResponse Response(CallAttemptView a) => new(a.Id, a.At, a.Outcome, a.Note, a.WithinCallingHours, a.RecordedAt);
}
