using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Market;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Hosting.Errors;

/// <summary>
/// The one place that says which HTTP status each domain exception is (API.md). Endpoints let domain exceptions
/// through; <see cref="AppExceptionHandler"/> writes what this returns.
/// </summary>
public static class DomainProblems
{
    /// <summary>The ProblemDetails of a domain exception, or null for anything else.</summary>
    public static ProblemDetails? For(Exception exception) => exception switch
    {
        ValidationFailedException e => new HttpValidationProblemDetails(e.Errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest, Title = "Données invalides.",
        },
        LeadTakenException => Problem(StatusCodes.Status409Conflict, "Lead already taken",
            "Ce lead est réservé ou vendu à un autre courtier, ou vous l'avez déjà acheté."),
        HoldLimitException e => Problem(StatusCodes.Status429TooManyRequests, e.Message),
        AccountNotActiveException e => Problem(StatusCodes.Status403Forbidden, e.Message),
        NamedPartnerRequiredException e => Problem(StatusCodes.Status403Forbidden, "Not named in the consent", e.Message),
        InsufficientCreditsException e => Problem(StatusCodes.Status402PaymentRequired, "Insufficient credits", e.Message),
        HoldExpiredException e => Problem(StatusCodes.Status410Gone, "Hold expired", e.Message),
        ConsentExpiredException e => Problem(StatusCodes.Status410Gone, "Consent expired", e.Message),
        ConflictException e => Problem(StatusCodes.Status409Conflict, e.Message),
        NotFoundException e => Problem(StatusCodes.Status404NotFound, e.Message),
        DomainException e => Problem(StatusCodes.Status422UnprocessableEntity, e.Message),
        BadHttpRequestException e => BindingProblems.For(e),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, string? detail = null) =>
        new() { Status = status, Title = title, Detail = detail };
}
