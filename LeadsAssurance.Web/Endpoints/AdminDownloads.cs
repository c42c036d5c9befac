using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Web.Hosting.Auth;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>Files the admin pages link to: the contacts' access trail and the month's payouts as CSV.</summary>
public static class AdminDownloads
{
    public static IEndpointRouteBuilder MapAdminDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        group.MapGet("/access-trail.csv", async (HttpContext http, ContactAccessTrail trail, TimeProvider time, Guid? brokerId, Guid? leadId, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            var suffix = leadId is { } l ? $"lead-{l.ToString()[..8]}" : brokerId is { } b ? $"courtier-{b.ToString()[..8]}" : "tout";
            http.Response.Headers.ContentDisposition =
                $"attachment; filename=\"acces-contacts-{suffix}-{Domain.France.ToParis(time.GetUtcNow()):yyyy-MM-dd}.csv\"";
            await trail.WriteCsvAsync(new RevealFilter(brokerId, leadId), http.Response.Body, ct);
        });
        group.MapGet("/payouts.csv", async Task<IResult> (HttpContext http, Domain.Earnings.ProviderPayouts payouts, int year, int month, CancellationToken ct) =>
        {
            if (year is < 2000 or > 9999 || month is < 1 or > 12)
                return TypedResults.BadRequest();
            var first = new DateOnly(year, month, 1);
            var rows = await payouts.ForMonthAsync(first, ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"versements-apporteurs-{first:yyyy-MM}.csv\"";
            await Domain.Earnings.PayoutCsv.WriteAsync(first, rows, http.Response.Body, ct);
            return TypedResults.Empty;
        });
        return app;
    }
}
