using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProviderStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "min_provider_score",
                table: "flows",
                type: "numeric(2,1)",
                precision: 2,
                scale: 1,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "provider_stats",
                columns: table => new
                {
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    sales = table.Column<int>(type: "integer", nullable: false),
                    returns = table.Column<int>(type: "integer", nullable: false),
                    consent_age_minutes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_stats", x => new { x.provider_id, x.day });
                });

            // Backfill from the purchases already made, so current providers get their score at once: each sale on the
            // Paris day it was paid, with its consent's age then (capped at 30 days, as ProviderStatsSql counts it), each
            // accepted return on the day it was accepted. The ingestion side is already in ingestion_stats.
            migrationBuilder.Sql("""
                insert into provider_stats (provider_id, day, sales, returns, consent_age_minutes)
                select provider_id, day, sum(sales)::int, sum(returns)::int, sum(age_minutes)::bigint
                  from (select l.provider_id, (p.purchased_at at time zone 'Europe/Paris')::date as day, 1 as sales, 0 as returns,
                               least(greatest(extract(epoch from p.purchased_at - l.consent_captured_at) / 60, 0), 43200) as age_minutes
                          from purchases p join leads l on l.id = p.lead_id
                        union all
                        select l.provider_id, (p.returned_at at time zone 'Europe/Paris')::date, 0, 1, 0
                          from purchases p join leads l on l.id = p.lead_id
                         where p.returned_at is not null) s
                 group by provider_id, day
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "provider_stats");

            migrationBuilder.DropColumn(
                name: "min_provider_score",
                table: "flows");
        }
    }
}
