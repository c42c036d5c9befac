using System.Globalization;

namespace LeadsAssurance.Bench;

/// <summary>
/// CPU seconds used by groups of processes (the nodes, PostgreSQL, nginx, Chromium, this harness), read from /proc, so a
/// multi-process benchmark says where a saturated machine's time went.
/// </summary>
public sealed class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Dictionary<string, Func<int, string, bool>> _groups;
    private Dictionary<string, double> _start = [];

    public ProcessCpu(IReadOnlyDictionary<string, Func<int, string, bool>> groups) => _groups = new(groups);

    public void Start() => _start = Read();

    /// <summary>Each group's share of the machine's CPU since <see cref="Start"/>, with its CPU seconds.</summary>
    public string Report(TimeSpan elapsed)
    {
        var now = Read();
        var capacity = elapsed.TotalSeconds * Environment.ProcessorCount;
        return string.Join(", ", _groups.Keys.Select(group =>
        {
            var seconds = now.GetValueOrDefault(group) - _start.GetValueOrDefault(group);
            return string.Create(CultureInfo.InvariantCulture, $"{group} {seconds:0.0} s ({seconds / capacity:P0})");
        }));
    }

    private Dictionary<string, double> Read()
    {
        var totals = _groups.Keys.ToDictionary(k => k, _ => 0.0);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var group = _groups.FirstOrDefault(g => g.Value(pid, cmdline)).Key;
                if (group is null)
                    continue;
                // utime and stime are fields 14 and 15, counted after the ")" that ends the command name.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                totals[group] += (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return totals;
    }
}
