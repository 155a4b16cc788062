namespace CivicTrust.DrillRunner.Drill;

/// <summary>What the drill does to the cluster between issuance and verification (<c>--fault</c>).</summary>
public enum DrillFault
{
    /// <summary><c>kill</c>: SIGKILL the leader.</summary>
    Kill,

    /// <summary>
    /// <c>lagging-majority</c>: SIGKILL as many followers as a majority can spare (one of three, two of five), one after
    /// another while the rest commit; then the other followers mid-stream, then the leader; restart the followers first.
    /// The new majority is made of members that crashed, some of them lagging.
    /// </summary>
    LaggingMajority,

    /// <summary>
    /// <c>follower-then-leader</c>: SIGKILL as many followers as a majority can spare, restart them, and SIGKILL the
    /// leader before they have caught up.
    /// </summary>
    FollowerThenLeader,

    /// <summary><c>kill-all</c>: SIGKILL every member under load and restart them all on their data directories.</summary>
    KillAll,

    /// <summary>
    /// <c>pause</c>: SIGSTOP the target for <see cref="DrillOptions.FaultDuration"/>, then SIGCONT: a hung process (GC
    /// pause, frozen VM) keeps its sockets open and answers nothing, unlike a killed one.
    /// </summary>
    Pause,

    /// <summary>
    /// <c>kill-new-leader</c>: SIGKILL the leader, then each new leader as soon as it is elected, until too few members
    /// are left for a majority (the last survivor of three, two of five); they must refuse writes, and restarting the
    /// first victim must restore service.
    /// </summary>
    KillNewLeader,

    /// <summary>
    /// <c>partition</c>: cut the target off from all its peers at the network level for
    /// <see cref="DrillOptions.FaultDuration"/>, then heal: packets dropped, not refused, so its peers' connections hang
    /// as they do to a host whose network died. The drill still reaches it and proves it acknowledges nothing meanwhile.
    /// </summary>
    Partition,

    /// <summary>
    /// <c>disk-corruption</c>: SIGKILL the target, damage its log or its snapshot at rest (<see cref="DrillOptions.Corrupt"/>),
    /// restart it. It must find the damage, serve none of it, and be repaired from its peers.
    /// </summary>
    DiskCorruption,

    /// <summary>
    /// <c>power-loss</c>: cut the power of the target (<see cref="DrillOptions.Target"/>: leader, follower, majority or
    /// all): each dies and its disk keeps only what it had synced; restart each on that disk. Nothing acknowledged may
    /// be missing on any member.
    /// </summary>
    PowerLoss,

    /// <summary>
    /// <c>disk-loss</c>: SIGKILL the target, empty its whole data directory (a disk lost or replaced), restart it. It
    /// must come back with every document, repaired from its peers, and vote in nothing it may have voted in before.
    /// </summary>
    DiskLoss,
}
