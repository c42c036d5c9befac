namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Waits for something asynchronous (a notification, a sweep) with a generous limit: a behaviour check, not a timing one.</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(50);
        }
        return await condition();
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? limit = null) =>
        TrueAsync(() => Task.FromResult(condition()), limit);
}
