using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProviderEarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "commission_rate",
                table: "products",
                type: "numeric(5,4)",
                precision: 5,
                scale: 4,
                nullable: false,
                defaultValue: 0.30m);

            migrationBuilder.CreateTable(
                name: "ingestion_refusals",
                columns: table => new
                {
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false, collation: "C"),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingestion_refusals", x => new { x.provider_id, x.day, x.reason });
                });

            migrationBuilder.CreateTable(
                name: "provider_earnings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    gross = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    commission_rate = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    commission = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    purchase_id = table.Column<Guid>(type: "uuid", nullable: true),
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    period = table.Column<DateOnly>(type: "date", nullable: true),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_earnings", x => x.id);
                    table.CheckConstraint("ck_provider_earnings_amount", "kind = 'Payout' or amount = gross - commission");
                    table.CheckConstraint("ck_provider_earnings_kind", "(kind = 'Sale' and amount >= 0 and purchase_id is not null) or (kind = 'Return' and amount <= 0 and purchase_id is not null) or (kind = 'Payout' and amount < 0 and purchase_id is null and period is not null)");
                    table.ForeignKey(
                        name: "fk_provider_earnings_asp_net_users_provider_id",
                        column: x => x.provider_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_provider_earnings_purchases_purchase_id",
                        column: x => x.purchase_id,
                        principalTable: "purchases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_products_commission_rate",
                table: "products",
                sql: "commission_rate between 0 and 1");

            migrationBuilder.CreateIndex(
                name: "ix_provider_earnings_provider_id_created_at",
                table: "provider_earnings",
                columns: new[] { "provider_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_earnings_provider_id_kind_reference",
                table: "provider_earnings",
                columns: new[] { "provider_id", "kind", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_earnings_purchase_id",
                table: "provider_earnings",
                column: "purchase_id");

            // Backfill: every purchase already made is a sale at the default commission (30 %), on the day it was paid, and
            // every place already returned its reversal, so balances, dashboards and payouts start consistent. The hold is
            // not stored: it follows from the purchase, its dispute and the window (Earnings/EarningsSql.Released).
            migrationBuilder.Sql("""
                insert into provider_earnings (provider_id, kind, amount, gross, commission_rate, commission, purchase_id, product_code, reference, actor_id, created_at)
                select l.provider_id, 'Sale', p.price - round(p.price * pr.commission_rate, 2), p.price, pr.commission_rate,
                       round(p.price * pr.commission_rate, 2), p.id, l.product_code, 'purchase:' || p.id, null, p.purchased_at
                  from purchases p join leads l on l.id = p.lead_id join products pr on pr.code = l.product_code
                 order by p.purchased_at, p.id;
                insert into provider_earnings (provider_id, kind, amount, gross, commission_rate, commission, purchase_id, product_code, reference, actor_id, created_at)
                select e.provider_id, 'Return', -e.amount, -e.gross, e.commission_rate, -e.commission, e.purchase_id, e.product_code, e.reference,
                       d.decided_by, p.returned_at
                  from provider_earnings e join purchases p on p.id = e.purchase_id
                  left join disputes d on d.purchase_id = p.id and d.status = 'Accepted'
                 where e.kind = 'Sale' and p.returned_at is not null
                 order by p.returned_at, p.id;
                """);

            // Money owed and paid: append-only like the brokers' credit ledger.
            migrationBuilder.Sql("""
                create trigger provider_earnings_append_only before update or delete on provider_earnings
                    for each row execute function refuse_change();
                create trigger provider_earnings_no_truncate before truncate on provider_earnings
                    for each statement execute function refuse_change();
                """);

            // Backfill: the refusals already counted, under the two reasons ingestion_stats kept (duplicate, invalid), so
            // the dashboard's reasons sum to its refused leads from the start.
            migrationBuilder.Sql("""
                insert into ingestion_refusals (provider_id, day, reason, count)
                select provider_id, day, 'Duplicate', duplicates from ingestion_stats where duplicates > 0
                union all
                select provider_id, day, 'Invalid', invalid from ingestion_stats where invalid > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingestion_refusals");

            migrationBuilder.DropTable(
                name: "provider_earnings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_products_commission_rate",
                table: "products");

            migrationBuilder.DropColumn(
                name: "commission_rate",
                table: "products");
        }
    }
}
