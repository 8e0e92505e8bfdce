namespace IgdLab.Emulator.Reports;

/// <summary>Why a device made its mapping again (kebab-case in JSON).</summary>
public enum RemapCause
{
    /// <summary>It answered the watchdog's remap instruction (its report repeats the instruction's id).</summary>
    Instructed,

    /// <summary>It remade the mapping on its own: the gateway got a new entry, or the result moved (a GENA event, a poll that found it gone, a renewal after a WAN change).</summary>
    OwnRemap,

    /// <summary>It renewed a mapping that was still there and unchanged: routine upkeep, nothing was broken.</summary>
    Renewal,
}
