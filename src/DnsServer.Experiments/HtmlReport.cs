using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DnsServer.Experiments;

/// <summary>
/// report.html: one file that opens offline. The numbers are in a table written here and in
/// two embedded JSON blocks (the summary, the shares) that the inline script draws as SVG.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th{background:#f3f3f3}td.l,th.l{text-align:left}.err{color:#b00}svg{background:#fff;border:1px solid #ddd}
        .legend span{display:inline-block;margin-right:1.5em}.legend i{display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle}
        """;

    private const string Script = """
        (function(){
          var S=JSON.parse(document.getElementById('summary').textContent);
          var D=JSON.parse(document.getElementById('shares').textContent);
          var C=['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#17becf'];
          var NS='http://www.w3.org/2000/svg';
          function el(n,a,p){var e=document.createElementNS(NS,n);for(var k in a)e.setAttribute(k,a[k]);if(p)p.appendChild(e);return e;}
          var W=1040,H=360,L=50,R=20,T=20,B=40,end=S.durationMs;
          var svg=el('svg',{width:W,height:H},null);document.getElementById('chart').appendChild(svg);
          function x(ms){return L+(W-L-R)*ms/end;} function y(v){return T+(H-T-B)*(1-v);}
          for(var g=0;g<=4;g++){var v=g/4;el('line',{x1:L,x2:W-R,y1:y(v),y2:y(v),stroke:'#eee'},svg);
            el('text',{x:L-6,y:y(v)+4,'text-anchor':'end','font-size':11},svg).textContent=(v*100)+'%';}
          for(var s=0;s<=end/1000;s+=Math.max(1,Math.ceil(end/10000))){el('text',{x:x(s*1000),y:H-B+16,'text-anchor':'middle','font-size':11},svg).textContent=s+' s';}
          var legend=document.getElementById('legend');
          D.members.forEach(function(m,i){var pts=D.time.map(function(t,j){return x(t+D.bucketMs)+','+y(D.shares[j][i]);}).join(' ');
            el('polyline',{points:pts,fill:'none',stroke:C[i%C.length],'stroke-width':2},svg);
            var sp=document.createElement('span');sp.innerHTML='<i style="background:'+C[i%C.length]+'"></i>'+m;legend.appendChild(sp);});
          S.actions.forEach(function(a,i){el('line',{x1:x(a.atMs),x2:x(a.atMs),y1:T,y2:H-B,stroke:'#555','stroke-dasharray':'4 3'},svg);
            el('text',{x:x(a.atMs)+4,y:T+12+14*i,'font-size':11},svg).textContent=a.label;
            if(a.p100Ms!==null){el('line',{x1:x(a.atMs+a.p100Ms),x2:x(a.atMs+a.p100Ms),y1:T,y2:H-B,stroke:'#2ca02c','stroke-dasharray':'2 2'},svg);}});
          var box=document.getElementById('bars');
          S.actions.forEach(function(a){var th=S.thresholds,max=Math.max(a.p100Ms||0,th?th.upperBoundMs:0,1000)*1.1;
            var w=W,h=70,sv=el('svg',{width:w,height:h},null);var h3=document.createElement('h3');h3.textContent=a.label+' (at '+(a.atMs/1000).toFixed(1)+' s)';box.appendChild(h3);box.appendChild(sv);
            function bx(ms){return L+(w-L-R)*ms/max;}
            el('line',{x1:L,x2:w-R,y1:30,y2:30,stroke:'#999'},sv);
            if(th&&a.kind==='Leave'){el('rect',{x:bx(th.lowerBoundMs),y:18,width:Math.max(1,bx(th.upperBoundMs)-bx(th.lowerBoundMs)),height:24,fill:'#e8f0fe'},sv);
              el('text',{x:bx(th.lowerBoundMs),y:60,'font-size':11},sv).textContent='bound '+(th.lowerBoundMs/1000)+'–'+(th.upperBoundMs/1000)+' s';}
            [['50%',a.p50Ms],['90%',a.p90Ms],['99%',a.p99Ms],['100%',a.p100Ms]].forEach(function(p,k){if(p[1]===null)return;
              el('circle',{cx:bx(p[1]),cy:30,r:5,fill:C[k]},sv);el('text',{x:bx(p[1]),y:14,'text-anchor':'middle','font-size':11},sv).textContent=p[0]+' '+(p[1]/1000).toFixed(2)+' s';});});
        })();
        """;

    public static string Render(Summary summary, IReadOnlyList<ShareBucket> buckets)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Experiment: ")
            .Append(Encode(summary.Name)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Encode(summary.Name)} {Encode(summary.Type)}</h1>\n<p>{summary.Clients} clients, one use every {summary.IntervalMs} ms, {summary.DurationMs / 1000.0:0.#} s against {Encode(summary.Resolver ?? summary.Server)}{(summary.Resolver is null ? "" : " (resolver)")}; {summary.QueriesSent} queries sent, {summary.QueriesLost} lost, {summary.EmptyAnswers} without an address; {summary.AnswerUses} answer uses.</p>\n");
        html.Append("<h2>Share of clients per member</h2><div class=\"legend\" id=\"legend\"></div><div id=\"chart\"></div>\n");
        AppendTable(html, summary);
        AppendThresholds(html, summary.Thresholds);
        html.Append("<h2>Convergence beside the bound</h2><div id=\"bars\"></div>\n");
        html.Append("<script type=\"application/json\" id=\"summary\">").Append(Embed(summary.ToJson())).Append("</script>\n");
        html.Append("<script type=\"application/json\" id=\"shares\">").Append(Embed(SharesJson(buckets, summary.Members))).Append("</script>\n");
        html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, Summary summary)
    {
        html.Append("<h2>Actions</h2><table><tr><th class=\"l\">action</th><th>at (s)</th><th class=\"l\">measure</th><th>affected</th><th>converged</th><th>50% (s)</th><th>90% (s)</th><th>99% (s)</th><th>100% (s)</th></tr>\n");
        foreach (var action in summary.Actions)
        {
            string measure = action.Kind == ConvergenceKind.Leave ? $"clients off {action.Member}" : "clients with a fresh answer";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{Encode(action.Label)}{(action.Error is null ? "" : $"<div class=\"err\">failed: {Encode(action.Error)}</div>")}</td><td>{Seconds(action.AtMs)}</td><td class=\"l\">{Encode(measure)}</td><td>{action.Affected}</td><td>{action.Converged}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Seconds(action.P50Ms)}</td><td>{Seconds(action.P90Ms)}</td><td>{Seconds(action.P99Ms)}</td><td>{Seconds(action.P100Ms)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendThresholds(StringBuilder html, ThresholdSummary? t)
    {
        if (t is null)
        {
            html.Append("<p>No TTL or health-check thresholds known (give ConfigFile or an Expect section).</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>What bounds it</h2><p>From {Encode(t.Source)}: TTL {t.Ttl} s, checks every {t.IntervalSeconds} s (jitter {t.Jitter}), timeout {t.TimeoutSeconds} s, fall {t.Fall}, rise {t.Rise}. ");
        html.Append(CultureInfo.InvariantCulture, $"After a member dies, full convergence lies between (fall − 1) × interval × (1 − jitter) = {Seconds(t.LowerBoundMs)} s and fall × interval + timeout + TTL + jitter × interval + 1 s = {Seconds(t.UpperBoundMs)} s.</p>\n");
    }

    private static string SharesJson(IReadOnlyList<ShareBucket> buckets, IReadOnlyList<string> members) =>
        JsonSerializer.Serialize(new
        {
            bucketMs = Shares.BucketMs,
            members,
            time = buckets.Select(b => b.StartMs),
            shares = buckets.Select(b => members.Select(m => Math.Round(b.Shares.GetValueOrDefault(m), 4))),
        });

    /// <summary>Seconds with three decimals, or a dash for null.</summary>
    public static string Seconds(long? ms) => ms is { } value ? (value / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Embed(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);
}
