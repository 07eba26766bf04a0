import Foundation
import OnsetStore
import OnsetSync

/// A wave's plan, as `onset wave create` prints it before committing.
enum WavePlanText {
    static func render(_ p: WaveCreation.Planned) -> String {
        let s = p.plan.summary, w = p.wave
        var out: [String] = []
        out.append("Wave \(w.id) of project \(w.project): phase \(w.phase), \(w.mode), scheme \(w.scheme_id) v\(w.scheme_version), seed \(w.seed)"
                   + (w.due_us.map { ", due \(ISO8601DateFormatter().string(from: Date(microsecondsSince1970: $0)))" } ?? ""))
        out.append("  \(s.items) items: \(s.overlapped_items) overlapped × \(s.per_item) annotators, \(s.items - s.overlapped_items) single")
        if s.gold_assignments > 0 { out.append("  gold: \(s.gold_assignments) assignments of \(p.items.count - s.items) gold items for \(p.calibrated.joined(separator: ", "))") }
        out.append("  \(s.assignments) assignments; workload \(s.min_load)–\(s.max_load) items per annotator")
        if s.pairs > 0 && s.overlapped_items > 0 {
            out.append("  annotator pairs sharing items: \(s.pairs_sharing_items) of \(s.pairs) (\(s.min_pair_items)–\(s.max_pair_items) shared items per pair)")
        }
        for warning in p.plan.warnings { out.append("  ! \(warning)") }
        var perAnnotator: [String: (items: [String], gold: Int, overlapped: Int)] = [:]
        let overlapped = Set(p.plan.overlapped)
        for a in p.assignments {
            var e = perAnnotator[a.annotator] ?? ([], 0, 0)
            e.items.append(p.items[a.item].item)
            if p.items[a.item].gold { e.gold += 1 }
            if overlapped.contains(a.item) { e.overlapped += 1 }
            perAnnotator[a.annotator] = e
        }
        out.append("")
        out.append(Output.table(["annotator", "items", "gold", "overlapped", "queue"], p.plan.request.annotators.map { name in
            let e = perAnnotator[name] ?? ([], 0, 0)
            return [name, "\(e.items.count)", "\(e.gold)", "\(e.overlapped)", e.items.prefix(6).joined(separator: " ") + (e.items.count > 6 ? " …" : "")]
        }))
        return out.joined(separator: "\n")
    }
}

/// `onset wave status` for a terminal.
enum WaveStatusText {
    static func render(_ r: WaveStatusReport, allRows: Bool) -> String {
        var out: [String] = []
        if r.waves.isEmpty { return "project \(r.project) has no waves yet (onset wave create --project \(r.project) …)" }
        for w in r.waves {
            out.append("Wave \(w.id) (\(w.phase), scheme \(w.scheme_id) v\(w.scheme_version)\(w.due_us.map { ", due \(ISO8601DateFormatter().string(from: Date(microsecondsSince1970: $0)))" } ?? ""))")
        }
        out.append(AssignmentStatus.order.map { "\(r.counts[$0] ?? 0) \($0.replacingOccurrences(of: "_", with: " "))" }.joined(separator: " · "))
        out.append("")
        out.append(Output.table(["annotator", "assigned", "in progress", "submitted", "accepted", "rejected", "withdrawn", "on task", "peer F1"],
                                r.annotators.map { a in
            [a.annotator] + AssignmentStatus.order.map { "\(a.counts[$0] ?? 0)" }
                + [String(format: "%.0f s", a.timeOnTaskS), a.peerF1.map { String(format: "%.2f", $0) } ?? "–"]
        }))
        out.append("")
        let rows = allRows ? r.assignments : Array(r.assignments.prefix(200))
        out.append(Output.table(["item", "annotator", "status", "on task", "spans", "ratings", "note"], rows.map { a in
            [a.item + (a.gold ? " (gold)" : ""), a.annotator, a.status.replacingOccurrences(of: "_", with: " "),
             a.time_on_task_s.map { String(format: "%.0f s", $0) } ?? "–", "\(a.spans)", "\(a.clip_ratings)",
             a.reason ?? (a.replaces.map { "replaces \($0)" } ?? "")]
        }))
        if rows.count < r.assignments.count { out.append("… \(r.assignments.count - rows.count) more assignments (--all lists them, --json gives all)") }
        if !r.pool.isEmpty {
            out.append("")
            out.append("In the pool, waiting for an annotator:")
            for p in r.pool { out.append("  \(p.item) (wave \(p.wave)): \(p.active) of \(p.wanted) annotators") }
        }
        out.append("")
        if r.signals.isEmpty && r.dimensions.isEmpty {
            out.append("Agreement: no overlapping item has work from two annotators yet")
        } else {
            out.append("Agreement so far on \(r.overlappingItems) overlapping item\(r.overlappingItems == 1 ? "" : "s"):")
            for s in r.signals {
                out.append("  \(s.signal): time-slice α \(AgreementText.figure(s.timeSliceAlpha)), uα \(AgreementText.figure(s.uAlpha)) (\(s.items) items, \(s.annotators) annotators)")
            }
            for d in r.dimensions {
                out.append("  \(d.dimension): α ordinal \(AgreementText.figure(d.alphaOrdinal)), exact \(AgreementText.share(d.exact)) (\(d.clips) clips)")
            }
            for f in r.flags { out.append("  ! \(f.name): \(f.measure) \(String(format: "%.3f", f.value)) below \(f.threshold)") }
        }
        return out.joined(separator: "\n")
    }
}
