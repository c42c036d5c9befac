using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class DisputeRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "auto_accepted",
                table: "disputes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "fee",
                table: "disputes",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "auto_accept",
                table: "dispute_reasons",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "Duplicate",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "Fake",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "Intermediary",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "NoConsent",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "Other",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "OutOfTarget",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "Unreachable",
                column: "auto_accept",
                value: false);

            migrationBuilder.UpdateData(
                table: "dispute_reasons",
                keyColumn: "code",
                keyValue: "WrongNumber",
                column: "auto_accept",
                value: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_disputes_fee",
                table: "disputes",
                sql: "fee is null or (status = 'Refused' and fee > 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_disputes_fee",
                table: "disputes");

            migrationBuilder.DropColumn(
                name: "auto_accepted",
                table: "disputes");

            migrationBuilder.DropColumn(
                name: "fee",
                table: "disputes");

            migrationBuilder.DropColumn(
                name: "auto_accept",
                table: "dispute_reasons");
        }
    }
}
