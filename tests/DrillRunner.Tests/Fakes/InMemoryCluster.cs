using CivicTrust.Documents;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>
/// A cluster test double: one replicated state (the real <see cref="DocumentRegistry"/>), a leader index and a
/// term, and knobs that inject the failures a drill must catch.
/// </summary>
public sealed class InMemoryCluster
{
    private readonly Lock _gate = new();
    private long _nextIndex = 1;

    public InMemoryCluster(int size)
    {
        Nodes = [.. Enumerable.Range(0, size).Select(i => new InMemoryNode(this, i))];
    }

    public IReadOnlyList<InMemoryNode> Nodes { get; }

    public DocumentRegistry Registry { get; } = new();

    public int? LeaderIndex { get; private set; } = 0;

    public long Term { get; private set; } = 1;

    /// <summary>Hashes the leader reports PENDING for ever and refuses to abort (503).</summary>
    public HashSet<string> StuckPending { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, the leader elected after a crash never appears.</summary>
    public bool NoFailover { get; set; }

    /// <summary>Delay between a crash and the new leader.</summary>
    public TimeSpan ElectionDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public ApplyResult Apply(DocumentCommand command)
    {
        lock (_gate)
        {
            return Registry.Apply(_nextIndex++, Term, command);
        }
    }

    /// <summary>The run-time issuer keys: one replicated state, like the documents, so every member lists the same.</summary>
    public InMemoryIssuerKeys IssuerKeys => _issuerKeys ??= new InMemoryIssuerKeys(AppendKeyEntry);

    private InMemoryIssuerKeys? _issuerKeys;

    // A key entry takes a log index like a document entry, and changes no document.
    private long AppendKeyEntry()
    {
        lock (_gate)
        {
            var index = _nextIndex++;
            Registry.Skip(index);
            return index;
        }
    }

    /// <summary>A broken cluster: a node alone still acknowledges writes.</summary>
    public bool AcknowledgesWithoutQuorum { get; set; }

    /// <summary>Whether a majority of the nodes is up, without which nothing commits.</summary>
    public bool HasQuorum => Nodes.Count(n => n.Alive && !n.CutOff) * 2 > Nodes.Count;

    public void Crash(int index)
    {
        Nodes[index].Alive = false;
        if (LeaderIndex == index)
        {
            LeaderIndex = null;
            ElectLater();
        }
    }

    /// <summary>Cuts a node off from its peers: a cut-off leader loses the leadership to the others.</summary>
    public void Isolate(int index)
    {
        Nodes[index].CutOff = true;
        if (LeaderIndex == index)
        {
            LeaderIndex = null;
            ElectLater();
        }
    }

    /// <summary>Heals the cut: the node follows whoever leads.</summary>
    public void Heal(int index) => Nodes[index].CutOff = false;

    /// <summary>Brings a crashed node back; a cluster without a leader elects one once a majority is up.</summary>
    public void Restart(int index)
    {
        Nodes[index].Alive = true;
        if (LeaderIndex is null)
        {
            ElectLater();
        }
    }

    private void ElectLater()
    {
        if (NoFailover)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(ElectionDelay);
            lock (_gate)
            {
                if (LeaderIndex is null && HasQuorum)
                {
                    Term++;
                    LeaderIndex = Nodes.First(n => n.Alive && !n.CutOff).Index;
                }
            }
        });
    }
}
