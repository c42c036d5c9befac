using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Flows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "flow_id",
                table: "purchases",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "flows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    broker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    product_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    departements = table.Column<string[]>(type: "text[]", nullable: false),
                    max_price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    exclusive = table.Column<bool>(type: "boolean", nullable: true),
                    max_consent_age_hours = table.Column<int>(type: "integer", nullable: true),
                    attribute_filters = table.Column<string>(type: "jsonb", nullable: false),
                    daily_cap = table.Column<int>(type: "integer", nullable: true),
                    weekly_cap = table.Column<int>(type: "integer", nullable: true),
                    monthly_cap = table.Column<int>(type: "integer", nullable: true),
                    monthly_spend_cap = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    schedule_days = table.Column<int[]>(type: "integer[]", nullable: true),
                    schedule_from = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    schedule_to = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    webhook_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    webhook_secret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    auto_resume = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    pause_cause = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    pause_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_delivery_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivery_turn = table.Column<long>(type: "bigint", nullable: false),
                    day_key = table.Column<DateOnly>(type: "date", nullable: true),
                    day_count = table.Column<int>(type: "integer", nullable: false),
                    week_key = table.Column<DateOnly>(type: "date", nullable: true),
                    week_count = table.Column<int>(type: "integer", nullable: false),
                    month_key = table.Column<DateOnly>(type: "date", nullable: true),
                    month_count = table.Column<int>(type: "integer", nullable: false),
                    month_spend = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false, defaultValue: 0m)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flows", x => x.id);
                    table.CheckConstraint("ck_flows_caps", "(daily_cap is null or daily_cap > 0) and (weekly_cap is null or weekly_cap > 0) and (monthly_cap is null or monthly_cap > 0) and (monthly_spend_cap is null or monthly_spend_cap > 0)");
                    table.CheckConstraint("ck_flows_counters", "day_count >= 0 and week_count >= 0 and month_count >= 0 and month_spend >= 0");
                    table.CheckConstraint("ck_flows_priority", "priority between 1 and 10");
                    table.CheckConstraint("ck_flows_products", "cardinality(product_codes) > 0");
                    table.ForeignKey(
                        name: "fk_flows_asp_net_users_broker_id",
                        column: x => x.broker_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "flow_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flow_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purchase_id = table.Column<Guid>(type: "uuid", nullable: false),
                    broker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flow_deliveries", x => x.id);
                    table.CheckConstraint("ck_flow_deliveries_attempts", "attempts >= 0");
                    table.ForeignKey(
                        name: "fk_flow_deliveries_asp_net_users_broker_id",
                        column: x => x.broker_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_flow_deliveries_flows_flow_id",
                        column: x => x.flow_id,
                        principalTable: "flows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_flow_deliveries_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_flow_deliveries_purchases_purchase_id",
                        column: x => x.purchase_id,
                        principalTable: "purchases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "flow_delivery_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    delivery_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    response_excerpt = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flow_delivery_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_flow_delivery_attempts_flow_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "flow_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_purchases_flow_id",
                table: "purchases",
                column: "flow_id");

            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_broker_id_created_at",
                table: "flow_deliveries",
                columns: new[] { "broker_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_due",
                table: "flow_deliveries",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_flow_id_created_at",
                table: "flow_deliveries",
                columns: new[] { "flow_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_lead_id",
                table: "flow_deliveries",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_purchase_id",
                table: "flow_deliveries",
                column: "purchase_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_flow_delivery_attempts_delivery_id_attempted_at",
                table: "flow_delivery_attempts",
                columns: new[] { "delivery_id", "attempted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_flows_active",
                table: "flows",
                column: "status",
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_flows_broker_id_status",
                table: "flows",
                columns: new[] { "broker_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_flows_delivery_turn",
                table: "flows",
                column: "delivery_turn");

            migrationBuilder.AddForeignKey(
                name: "fk_purchases_flows_flow_id",
                table: "purchases",
                column: "flow_id",
                principalTable: "flows",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_purchases_flows_flow_id",
                table: "purchases");

            migrationBuilder.DropTable(
                name: "flow_delivery_attempts");

            migrationBuilder.DropTable(
                name: "flow_deliveries");

            migrationBuilder.DropTable(
                name: "flows");

            migrationBuilder.DropIndex(
                name: "ix_purchases_flow_id",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "flow_id",
                table: "purchases");
        }
    }
}
