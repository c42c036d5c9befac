using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class CardReversals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "card_reversals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    card_payment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    broker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    stripe_reference = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    debited = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    debt = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    recovered = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reinstated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settled_by = table.Column<Guid>(type: "uuid", nullable: true),
                    settlement_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_card_reversals", x => x.id);
                    table.CheckConstraint("ck_card_reversals_amounts", "amount > 0 and debited >= 0 and debt >= 0 and debited + debt = amount");
                    table.CheckConstraint("ck_card_reversals_recovered", "recovered >= 0 and recovered <= debt");
                    table.ForeignKey(
                        name: "fk_card_reversals_asp_net_users_broker_id",
                        column: x => x.broker_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_card_reversals_card_payments_card_payment_id",
                        column: x => x.card_payment_id,
                        principalTable: "card_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_card_payments_payment_intent_id",
                table: "card_payments",
                column: "payment_intent_id");

            migrationBuilder.CreateIndex(
                name: "ix_card_reversals_broker_id_created_at",
                table: "card_reversals",
                columns: new[] { "broker_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_card_reversals_card_payment_id_kind_stripe_reference",
                table: "card_reversals",
                columns: new[] { "card_payment_id", "kind", "stripe_reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "card_reversals");

            migrationBuilder.DropIndex(
                name: "ix_card_payments_payment_intent_id",
                table: "card_payments");
        }
    }
}
