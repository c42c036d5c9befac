namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>
/// One addition to the opposition list (a file, a manual entry, an erasure), and the list version it produced. The
/// version is given at commit, in commit order (<c>opposition_list_head</c>), so "checked against version N" means every
/// addition up to N: a lead records the version its contact was checked against.
/// </summary>
public class OppositionListVersion
{
    private OppositionListVersion() { }

    public int Id { get; private set; }
    /// <summary>The list's version once this addition committed; null while it runs (or if it failed).</summary>
    public int? Version { get; private set; }
    public string Source { get; private set; } = "";
    /// <summary>The file's name, or what was added by hand.</summary>
    public string Description { get; private set; } = "";
    public Guid? ActorId { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>Contacts read (a contact repeated in the file counts each time).</summary>
    public int Read { get; private set; }
    /// <summary>Contacts new to the list.</summary>
    public int Added { get; private set; }
    /// <summary>Cells that looked like a contact but were not a valid French phone or e-mail.</summary>
    public int Invalid { get; private set; }
    /// <summary>Leads on sale withdrawn because of this addition.</summary>
    public int Withdrawn { get; private set; }
}

/// <summary>
/// The single row holding the opposition list's current version. Each addition increments it as its last statement,
/// so additions get their versions in commit order; ingestion reads it to know whether its check is still current.
/// </summary>
public class OppositionListHead
{
    public int Id { get; set; } = 1;
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
