namespace CivicTrust.Drill.Faults;

/// <summary>What a fault needs from whoever runs the drill, beyond a way to kill a member.</summary>
[Flags]
public enum FaultNeeds
{
    /// <summary>Nothing but the crash injector.</summary>
    None = 0,

    /// <summary>The schedule restarts the members it kills (<c>--restart-command</c> required).</summary>
    Restarter = 1,

    /// <summary>A member is frozen and thawed (<c>--pause-command</c>/<c>--resume-command</c> accepted; local signals otherwise).</summary>
    Pauser = 2,

    /// <summary>A member is cut off and healed (<c>--partition-command</c> and <c>--heal-command</c> required).</summary>
    Isolator = 4,

    /// <summary>A stopped member's disk is damaged (<c>--corrupt-command</c> required).</summary>
    Damager = 8,

    /// <summary>What is damaged is chosen (<c>--corrupt log|snapshot</c> accepted).</summary>
    DamagedArea = 16,

    /// <summary>A member's power is cut (<c>--power-loss-command</c> required).</summary>
    PowerCutter = 32,

    /// <summary>
    /// Issuer keys are admitted and revoked through <c>/admin/issuer-keys</c>: the admin key is required
    /// (<c>--admin-key</c>, or <see cref="Contracts.AdminKey.Variable"/>).
    /// </summary>
    AdminKey = 64,
}
