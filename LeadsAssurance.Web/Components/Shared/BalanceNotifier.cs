namespace LeadsAssurance.Web.Components.Shared;

/// <summary>Tells a broker's open pages (app bar balance) that his wallet moved, within this process.</summary>
public sealed class BalanceNotifier
{
    public event Action<Guid>? BalanceChanged;

    public void Changed(Guid accountId) => BalanceChanged?.Invoke(accountId);
}
