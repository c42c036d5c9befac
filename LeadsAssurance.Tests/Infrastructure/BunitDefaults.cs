using System.Runtime.CompilerServices;
using Bunit;

namespace LeadsAssurance.Tests.Infrastructure;

internal static class BunitDefaults
{
    /// <summary>
    /// Pages on a real database load their data after the first render. bUnit's default wait (1 s) is a timing that a
    /// busy CI machine misses; ten seconds is a behaviour limit (the page loads at all). Where the behaviour has its own
    /// limit (a highlight that lasts 3 s), the test passes it.
    /// </summary>
    [ModuleInitializer]
    internal static void WaitLikeAUser() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
}
