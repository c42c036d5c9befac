using LeadsAssurance.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").AddEndpointFilter<DomainExceptionFilter>();
        v1.MapAccountEndpoints();
        v1.MapCatalogEndpoints();
        v1.MapMarketEndpoints();
        v1.MapLeadEndpoints();
        v1.MapDocumentEndpoints();
        return app;
    }
}

/// <summary>Turns the domain's exceptions into the ProblemDetails of the public contract.</summary>
internal sealed class DomainExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(), title: "Données invalides.");
        }
        catch (ConflictException e)
        {
            return TypedResults.Problem(title: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (NotFoundException e)
        {
            return TypedResults.Problem(title: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (DomainException e)
        {
            return TypedResults.Problem(title: e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
