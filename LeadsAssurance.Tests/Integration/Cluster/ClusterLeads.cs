using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>A lead the test sent, with the contact it must never see outside a purchase.</summary>
public sealed record ClusterLead(Guid Id, string NationalPhone, string Email)
{
    public Contact Contact => new("Éloïse", "Dupont", NationalPhone, Email);
}

/// <summary>Leads sent to the cluster the way providers send them: through the API of one node.</summary>
public static class ClusterLeads
{
    public static string NewPhone() => ClusterApi.NewPhone();

    public static async Task<List<ClusterLead>> PostAsync(LocalCluster cluster, Uri node, string providerKey, int count, bool exclusive = true)
    {
        var phones = Enumerable.Range(0, count).Select(_ => NewPhone()).ToList();
        var ids = await ClusterApi.PostLeadsAsync(cluster.Client(node, providerKey), phones, exclusive);
        return [.. ids.Select((id, i) => new ClusterLead(id, phones[i], $"cluster.{phones[i]}@exemple.fr"))];
    }
}
