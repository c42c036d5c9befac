namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// These tests import tens of thousands of rows with validation on every core: they run on their own, so the browser
/// tests' time limits are measured against the app rather than against them.
/// </summary>
[CollectionDefinition(nameof(HeavyImports), DisableParallelization = true)]
public sealed class HeavyImports;
