using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Conformance.Tests.Ferret;

/// <summary>Ferret's well-formedness conditions (its README) for our check codes.</summary>
internal static class FerretConditions
{
    public static string Of(ZoneCheckCode code) => code switch
    {
        ZoneCheckCode.DuplicateRecord => "FalseCond_1",
        ZoneCheckCode.MissingSoa or ZoneCheckCode.MultipleSoa or ZoneCheckCode.SoaNotAtApex => "FalseCond_2",
        ZoneCheckCode.OutOfZone => "FalseCond_3",
        ZoneCheckCode.CnameAndOtherData or ZoneCheckCode.MultipleCname => "FalseCond_4",
        ZoneCheckCode.MultipleDname => "FalseCond_5",
        ZoneCheckCode.DnameAndNs => "FalseCond_6",
        ZoneCheckCode.BelowDname => "FalseCond_7",
        ZoneCheckCode.NsBelowDelegation => "FalseCond_8",
        ZoneCheckCode.MissingGlue => "FalseCond_9",
        _ => "none",
    };
}
