using System.Linq.Expressions;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// The one home of "what a lead costs now". A lead is listed at its start price (<see cref="Lead.Price"/>); with a
/// <see cref="PriceSchedule"/>, each full interval of its age takes a step off, down to the floor:
/// <c>max(floor, start − step × ⌊age / interval⌋)</c>. Nothing rewrites rows as time passes: the listing sorts and
/// filters on this expression, a hold stores the price it computes at that instant (the price the payment charges),
/// flows buy at it at ingestion, and screens compute it from the schedule. Three forms, like <see cref="LeadSaleRule"/>:
/// C#, an EF Core expression for the listing, SQL for raw statements; <c>LeadPriceRuleTests</c> checks they agree in
/// PostgreSQL. Amounts are in cents, so the result is too.
/// </summary>
public static class LeadPriceRule
{
    /// <summary>The price at <paramref name="now"/> of a lead listed at <paramref name="createdAt"/>.</summary>
    public static decimal CurrentPrice(decimal startPrice, PriceSchedule? schedule, DateTimeOffset createdAt, DateTimeOffset now) =>
        schedule is null ? startPrice : Math.Max(schedule.Floor, startPrice - schedule.Step * Steps(schedule, createdAt, now));

    /// <summary>The lead's price at <paramref name="now"/>.</summary>
    public static decimal CurrentPrice(Lead lead, DateTimeOffset now) => CurrentPrice(lead.Price, lead.PriceSchedule, lead.CreatedAt, now);

    /// <summary>When the price next falls; null for a fixed price or one at its floor.</summary>
    public static DateTimeOffset? NextPriceAt(decimal startPrice, PriceSchedule? schedule, DateTimeOffset createdAt, DateTimeOffset now) =>
        schedule is null || CurrentPrice(startPrice, schedule, createdAt, now) <= schedule.Floor
            ? null
            : createdAt + schedule.Interval * (Steps(schedule, createdAt, now) + 1);

    /// <summary>How much the next drop takes off (the last one may be smaller: it stops at the floor); 0 when none comes.</summary>
    public static decimal NextDrop(decimal startPrice, PriceSchedule? schedule, DateTimeOffset createdAt, DateTimeOffset now) =>
        schedule is null ? 0m : Math.Min(schedule.Step, CurrentPrice(startPrice, schedule, createdAt, now) - schedule.Floor);

    // Whole intervals elapsed, in ticks: exact. A lead dated after "now" (clocks of two nodes) has not started falling.
    private static long Steps(PriceSchedule schedule, DateTimeOffset createdAt, DateTimeOffset now) =>
        Math.Max(0, (now - createdAt).Ticks) / schedule.Interval.Ticks;

    /// <summary>
    /// EF Core: the lead's price at <paramref name="now"/>, for the listing's filters and sort. The age is in seconds
    /// (PostgreSQL's <c>date_part('epoch', …)</c>, a double); <see cref="CurrentPriceSql"/> spells the same SQL.
    /// </summary>
    public static Expression<Func<Lead, decimal>> CurrentPriceExpression(DateTimeOffset now) =>
        l => l.PriceStep == null
            ? l.Price
            : Math.Max(l.PriceFloor!.Value, l.Price - l.PriceStep.Value
                * (decimal)Math.Floor(Math.Max((now - l.CreatedAt).TotalSeconds, 0d) / l.PriceStepInterval!.Value.TotalSeconds));

    /// <summary>EF Core: the leads whose price at <paramref name="now"/> is at least <paramref name="min"/>.</summary>
    public static Expression<Func<Lead, bool>> CurrentPriceAtLeast(DateTimeOffset now, decimal min) =>
        Compare(now, min, Expression.GreaterThanOrEqual);

    /// <summary>EF Core: the leads whose price at <paramref name="now"/> is at most <paramref name="max"/>.</summary>
    public static Expression<Func<Lead, bool>> CurrentPriceAtMost(DateTimeOffset now, decimal max) =>
        Compare(now, max, Expression.LessThanOrEqual);

    private static Expression<Func<Lead, bool>> Compare(DateTimeOffset now, decimal bound, Func<Expression, Expression, BinaryExpression> op)
    {
        var price = CurrentPriceExpression(now);
        // A closure member, not a constant: EF Core sends the bound as a parameter and caches one plan for every value.
        Expression<Func<decimal>> value = () => bound;
        return Expression.Lambda<Func<Lead, bool>>(op(price.Body, value.Body), price.Parameters);
    }

    /// <summary>
    /// SQL: the price of lead <paramref name="lead"/> (a table alias) at <paramref name="now"/> (a timestamptz
    /// expression: a parameter such as "$3"), a numeric expression.
    /// </summary>
    public static string CurrentPriceSql(string lead, string now)
    {
        return $"""
            (case when {LeadSaleRule.Alias(lead)}.price_step is null then {lead}.price
                  else greatest({lead}.price_floor, {lead}.price - {lead}.price_step
                       * floor(greatest(date_part('epoch', {now} - {lead}.created_at), 0) / date_part('epoch', {lead}.price_step_interval))::numeric) end)
            """;
    }
}
