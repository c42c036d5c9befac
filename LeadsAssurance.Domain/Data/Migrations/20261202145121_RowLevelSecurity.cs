using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <summary>
    /// Row-level security on the contacts, as defence in depth (see <see cref="BrokerRowSecurity"/>): the role the broker's
    /// contact reads run under sees only the purchases of the broker named in the transaction, and only the leads among
    /// them. The tables' owner (the app's own login) is not subject to it, so ingestion, the market and the jobs are unchanged.
    /// </summary>
    public partial class RowLevelSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                do $$
                begin
                    create role {BrokerRowSecurity.Role} nologin;
                -- Roles are per cluster: another database of it (a test class's, another environment's) made it, maybe just now.
                exception when duplicate_object or unique_violation then null;
                end $$;
                do $$
                begin
                    grant {BrokerRowSecurity.Role} to current_user;
                exception when others then
                    -- Without CREATEROLE the operator grants it (README, "Row-level security"); contact reads fail until then.
                    raise warning 'could not grant {BrokerRowSecurity.Role} to %: %', current_user, sqlerrm;
                end $$;
                grant usage on schema public to {BrokerRowSecurity.Role};
                grant select on purchases, leads, products, flows, consent_records, "AspNetUsers" to {BrokerRowSecurity.Role};

                alter table purchases enable row level security;
                create policy purchases_of_the_broker on purchases for select to {BrokerRowSecurity.Role}
                    using (broker_id = nullif(current_setting('{BrokerRowSecurity.BrokerSetting}', true), '')::uuid);
                alter table leads enable row level security;
                create policy leads_bought_by_the_broker on leads for select to {BrokerRowSecurity.Role}
                    using (exists (select 1 from purchases p where p.lead_id = leads.id
                                   and p.broker_id = nullif(current_setting('{BrokerRowSecurity.BrokerSetting}', true), '')::uuid));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                drop policy leads_bought_by_the_broker on leads;
                alter table leads disable row level security;
                drop policy purchases_of_the_broker on purchases;
                alter table purchases disable row level security;
                revoke select on purchases, leads, products, flows, consent_records, "AspNetUsers" from {BrokerRowSecurity.Role};
                revoke usage on schema public from {BrokerRowSecurity.Role};
                """);
        }
    }
}
