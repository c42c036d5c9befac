using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>A lead the test sent, with the contact it must never see outside a purchase.</summary>
public sealed record ClusterLead(Guid Id, string NationalPhone, string Email)
{
    /// <summary>Every way the phone or the e-mail could be written on a page or in a payload.</summary>
    public IEnumerable<string> ContactForms =>
    [
        NationalPhone, "+33" + NationalPhone[1..], string.Join(' ', NationalPhone.Chunk(2).Select(c => new string(c))),
        string.Join('.', NationalPhone.Chunk(2).Select(c => new string(c))), Email,
    ];
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
