using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class FlowDeliveryKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_flow_deliveries_asp_net_users_broker_id",
                table: "flow_deliveries");

            migrationBuilder.DropForeignKey(
                name: "fk_flow_deliveries_leads_lead_id",
                table: "flow_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_flow_deliveries_lead_id",
                table: "flow_deliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_flow_deliveries_lead_id",
                table: "flow_deliveries",
                column: "lead_id");

            migrationBuilder.AddForeignKey(
                name: "fk_flow_deliveries_asp_net_users_broker_id",
                table: "flow_deliveries",
                column: "broker_id",
                principalTable: "AspNetUsers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_flow_deliveries_leads_lead_id",
                table: "flow_deliveries",
                column: "lead_id",
                principalTable: "leads",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
