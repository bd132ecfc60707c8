using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// The names of one zone snapshot, for lookup by lowered wire name. Built once, read by every
/// query without a lock.
/// </summary>
/// <remarks>
/// A lookup in a zone larger than the CPU caches is bound by memory latency, not by instructions:
/// each dependent pointer is a likely cache miss. A <see cref="Dictionary{TKey,TValue}"/> keyed by
/// arrays costs three in a row (bucket, entry, key array) before the node. Here a slot holds the
/// hash and the node, and the node holds its lowered name itself (<see cref="ZoneNode.LowerName"/>)
/// next to its RRsets, built just before it, so a hit costs the slot and then the node's few
/// neighbouring cache lines. Linear probing keeps collisions on the slot's own cache line.
/// </remarks>
internal sealed unsafe class NodeTable
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private readonly Slot[] _slots;
    private readonly int _mask;

    public NodeTable(IReadOnlyCollection<ZoneNode> nodes)
    {
        // At most 70% full, so that a miss ends after a short run of slots.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, nodes.Count * 10 / 7 + 1));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        foreach (var node in nodes)
        {
            int hash = Hash(node.LowerName);
            int index = hash & _mask;
            while (_slots[index].Node is not null)
            {
                index = (index + 1) & _mask;
            }

            _slots[index] = new Slot(hash, node);
        }

        Count = nodes.Count;
    }

    public int Count { get; }

    public IEnumerable<ZoneNode> Nodes => _slots.Where(s => s.Node is not null).Select(s => s.Node!);

    /// <summary>The node of a lowered, well-formed wire name, or null.</summary>
    public ZoneNode? Find(ReadOnlySpan<byte> lowerName)
    {
        int hash = Hash(lowerName);
        int index = hash & _mask;
        while (true)
        {
            ref readonly var slot = ref _slots[index];
            if (slot.Node is null)
            {
                return null;
            }

            if (slot.Hash == hash)
            {
                PrefetchNode(slot.Node);
                if (lowerName.SequenceEqual(slot.Node.LowerName))
                {
                    return slot.Node;
                }
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Starts fetching the slot a lookup of this name reads first; returns the hash for <see cref="PrefetchNode(int)"/>.</summary>
    public int PrefetchSlot(ReadOnlySpan<byte> lowerName)
    {
        int hash = Hash(lowerName);
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[hash & _mask]));
        }

        return hash;
    }

    /// <summary>
    /// Starts fetching the node the hash's slot leads to, with its RRsets. Reads the first slot
    /// only, asked for earlier by <see cref="PrefetchSlot"/>: a name that probed further is not
    /// worth a wait here.
    /// </summary>
    public void PrefetchNode(int hash)
    {
        ref readonly var slot = ref _slots[hash & _mask];
        if (slot.Hash == hash && slot.Node is { } node)
        {
            PrefetchNode(node);
        }
    }

    /// <summary>
    /// Asks for the node's cache lines all at once, before the name compare waits for the first:
    /// the zone builder puts a node's RRsets and their wire images right behind it, so the answer's
    /// data arrives with the node instead of after it, one miss later.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchNode(ZoneNode node)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        // A prefetch is only a hint: an address the collector has since moved costs nothing.
        byte* start = (byte*)Unsafe.AsPointer(ref Unsafe.As<RawObject>(node).FirstField);
        for (int line = 0; line < PrefetchLines; line++)
        {
            Sse.Prefetch0(start + (line * CacheLine));
        }
    }

    /// <summary>
    /// A multiplicative hash over eight bytes at a time: names are already lowered, so unlike
    /// <see cref="Protocol.DnsNameWire.GetHashCodeIgnoreCase"/> it folds no case.
    /// </summary>
    internal static int Hash(ReadOnlySpan<byte> name)
    {
        ulong hash = (ulong)name.Length * Multiplier;
        while (name.Length >= sizeof(ulong))
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * Multiplier, 31);
            name = name[sizeof(ulong)..];
        }

        ulong tail = 0;
        foreach (byte b in name)
        {
            tail = (tail << 8) | b;
        }

        hash = (hash ^ tail) * Multiplier;
        return (int)(hash ^ (hash >> 32));
    }

    private const int CacheLine = 64;

    /// <summary>A node with one A RRset and its image spans about four lines.</summary>
    private const int PrefetchLines = 4;

    private readonly record struct Slot(int Hash, ZoneNode? Node);

    /// <summary>Any object seen as its first field, to take the address of its data.</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // Never written: objects are only seen through it, never made as it.
        public byte FirstField;
#pragma warning restore CS0649
    }
}
