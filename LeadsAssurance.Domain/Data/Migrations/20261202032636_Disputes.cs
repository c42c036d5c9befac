using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Disputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "returned_at",
                table: "purchases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dispute_reasons",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    built_in = table.Column<bool>(type: "boolean", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispute_reasons", x => x.code);
                    table.CheckConstraint("ck_dispute_reasons_built_in_active", "active or not built_in");
                });

            migrationBuilder.CreateTable(
                name: "disputes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    purchase_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    broker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    needs_attention = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    refund = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disputes", x => x.id);
                    table.CheckConstraint("ck_disputes_decision", "(status = 'Open') = (decided_at is null)");
                    table.CheckConstraint("ck_disputes_refund", "(status = 'Accepted') = (refund is not null) and (refund is null or refund = price)");
                    table.ForeignKey(
                        name: "fk_disputes_asp_net_users_broker_id",
                        column: x => x.broker_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_asp_net_users_provider_id",
                        column: x => x.provider_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_dispute_reasons_reason_code",
                        column: x => x.reason_code,
                        principalTable: "dispute_reasons",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disputes_purchases_purchase_id",
                        column: x => x.purchase_id,
                        principalTable: "purchases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "dispute_reasons",
                columns: new[] { "code", "active", "built_in", "label", "sort_order" },
                values: new object[,]
                {
                    { "Duplicate", true, true, "Doublon", 30 },
                    { "Fake", true, true, "Demande fictive", 40 },
                    { "Intermediary", true, true, "Intermédiaire", 70 },
                    { "NoConsent", true, true, "Pas de consentement", 50 },
                    { "Other", true, true, "Autre", 1000 },
                    { "OutOfTarget", true, true, "Hors cible", 60 },
                    { "Unreachable", true, true, "Injoignable après plusieurs tentatives", 20 },
                    { "WrongNumber", true, true, "Faux numéro / numéro non attribué", 10 }
                });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_broker_id_created_at",
                table: "disputes",
                columns: new[] { "broker_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_lead_id",
                table: "disputes",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_disputes_provider_id_created_at",
                table: "disputes",
                columns: new[] { "provider_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_disputes_purchase_id",
                table: "disputes",
                column: "purchase_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disputes_reason_code",
                table: "disputes",
                column: "reason_code");

            migrationBuilder.CreateIndex(
                name: "ix_disputes_status_created_at",
                table: "disputes",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "disputes");

            migrationBuilder.DropTable(
                name: "dispute_reasons");

            migrationBuilder.DropColumn(
                name: "returned_at",
                table: "purchases");
        }
    }
}
