namespace LeadsAssurance.Web.Endpoints;

public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapAccountEndpoints();
        v1.MapCatalogEndpoints();
        v1.MapMarketEndpoints();
        v1.MapLeadEndpoints();
        v1.MapDocumentEndpoints();
        v1.MapFlowEndpoints();
        v1.MapDisputeEndpoints();
        v1.MapCallingEndpoints();
        v1.MapPrivacyEndpoints();
        v1.MapPartnerListEndpoints();
        return app;
    }
}
