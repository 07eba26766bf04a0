/// Krippendorff's coincidence matrix: o_ck = Σ_u (ordered pairs (c, k) of values from
/// different coders in unit u) / (m_u − 1), over pairable units (m_u ≥ 2).
struct Coincidences {
    /// k × k, row-major.
    var matrix: [Double]
    /// Pairable values.
    var n: Int

    init(_ data: CodedData) {
        let k = data.categories.count
        matrix = [Double](repeating: 0, count: k * k)
        n = 0
        data.eachUnit { counts, present, m in
            n += m
            let weight = 1.0 / Double(m - 1)
            for c in present {
                let nc = Double(counts[c])
                for d in present {
                    let pairs = c == d ? nc * (nc - 1) : nc * Double(counts[d])
                    matrix[c * k + d] += pairs * weight
                }
            }
        }
    }

    init(matrix: [Double], n: Int) {
        self.matrix = matrix
        self.n = n
    }
}

extension CodedData {
    /// Values in units with two or more values.
    var pairableValues: Int {
        var n = 0
        eachUnit { _, _, m in n += m }
        return n
    }

    /// Calls `body` for every pairable unit with its value counts per category, the categories
    /// present in it, and its number of values m_u ≥ 2. Counting runs coder by coder over a
    /// units × k table when that table is small (sequential memory), else unit by unit.
    func eachUnit(_ body: (_ counts: UnsafeMutableBufferPointer<Int32>, _ present: [Int], _ m: Int) -> Void) {
        let k = categories.count
        guard k > 0, units > 0 else { return }
        var present: [Int] = []
        present.reserveCapacity(min(k, coders))
        if units * k <= 1 << 25 {
            var table = [Int32](repeating: 0, count: units * k)
            codes.withUnsafeBufferPointer { codes in
                table.withUnsafeMutableBufferPointer { t in
                    for c in 0..<coders {
                        let row = c * units
                        for u in 0..<units {
                            let code = codes[row + u]
                            if code >= 0 { t[u * k + Int(code)] += 1 }
                        }
                    }
                    for u in 0..<units {
                        let counts = UnsafeMutableBufferPointer(rebasing: t[(u * k)..<(u * k + k)])
                        var m = 0
                        present.removeAll(keepingCapacity: true)
                        for c in 0..<k where counts[c] > 0 {
                            m += Int(counts[c])
                            present.append(c)
                        }
                        if m >= 2 { body(counts, present, m) }
                    }
                }
            }
        } else {
            // Many categories (continuous values): one reused counts row, touched only where used.
            var row = [Int32](repeating: 0, count: k)
            row.withUnsafeMutableBufferPointer { counts in
                codes.withUnsafeBufferPointer { codes in
                    for u in 0..<units {
                        present.removeAll(keepingCapacity: true)
                        var m = 0
                        for c in 0..<coders {
                            let code = codes[c * units + u]
                            guard code >= 0 else { continue }
                            if counts[Int(code)] == 0 { present.append(Int(code)) }
                            counts[Int(code)] += 1
                            m += 1
                        }
                        if m >= 2 { body(counts, present, m) }
                        for c in present { counts[c] = 0 }
                    }
                }
            }
        }
    }
}
