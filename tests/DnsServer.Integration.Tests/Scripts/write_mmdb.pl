#!/usr/bin/perl
# Writes a small MaxMind DB (GeoIP2-Country layout) for tests: write_mmdb.pl OUT.mmdb NETWORK=CONTINENT:COUNTRY...
# e.g. write_mmdb.pl geo.mmdb 10.1.0.0/16=EU:DE 10.2.0.0/16=NA:US 2001:db8:1::/48=EU:FR
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift @ARGV or die "usage: $0 OUT.mmdb NETWORK=CONTINENT:COUNTRY...\n";
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 24,
    database_type         => 'GeoIP2-Country',
    languages             => ['en'],
    description           => { en => 'dnsserver test regions' },
    map_key_type_callback => sub { $_[0] =~ /^(continent|country)$/ ? 'map' : 'utf8_string' },
    merge_strategy        => 'none',
    alias_ipv6_to_ipv4    => 1,
    # The tests use private and documentation networks, which the writer drops by default.
    remove_reserved_networks => 0,
);
for my $entry (@ARGV) {
    my ($network, $codes) = split /=/, $entry, 2;
    my ($continent, $country) = split /:/, $codes, 2;
    $tree->insert_network($network, {
        continent => { code => $continent },
        country   => { iso_code => $country },
    });
}
open my $fh, '>:raw', $out or die "cannot write $out: $!\n";
$tree->write_tree($fh);
close $fh;
