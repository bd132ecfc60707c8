using System.Buffers.Binary;
using System.Numerics;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// The names of one zone snapshot, for lookup by lowered wire name. Built once, read by every
/// query without a lock.
/// </summary>
/// <remarks>
/// A lookup in a zone larger than the CPU caches is bound by memory latency, not by instructions:
/// each dependent pointer is a likely cache miss. A <see cref="Dictionary{TKey,TValue}"/> keyed by
/// arrays costs three in a row (bucket, entry, key array) before the node. Here one slot array
/// holds the hash, where the key is and the node, and all keys sit back to back in one array, so
/// a hit costs the slot and then the key and the node, which the CPU fetches together. Linear
/// probing keeps collisions on the slot's own cache line (as NSD's and Knot's flat tables do).
/// </remarks>
internal sealed class NodeTable
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private readonly Slot[] _slots;
    private readonly byte[] _keys;
    private readonly int _mask;

    public NodeTable(IReadOnlyCollection<KeyValuePair<byte[], ZoneNode>> nodes)
    {
        // At most 70% full, so that a miss ends after a short run of slots.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, nodes.Count * 10 / 7 + 1));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _keys = new byte[nodes.Sum(n => n.Key.Length)];

        int keyOffset = 0;
        foreach (var (key, node) in nodes)
        {
            key.CopyTo(_keys, keyOffset);
            int hash = Hash(key);
            int index = hash & _mask;
            while (_slots[index].Node is not null)
            {
                index = (index + 1) & _mask;
            }

            _slots[index] = new Slot(hash, keyOffset, node);
            keyOffset += key.Length;
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

            // A wire name ends at its root label, so a stored name that starts with the whole of
            // a well-formed name is that name: no length needs storing.
            if (slot.Hash == hash && _keys.AsSpan(slot.KeyOffset).StartsWith(lowerName))
            {
                return slot.Node;
            }

            index = (index + 1) & _mask;
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

    private readonly record struct Slot(int Hash, int KeyOffset, ZoneNode? Node);
}
