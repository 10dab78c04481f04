#!/usr/bin/env python3
"""Generate engine/bmm/rm_schema_110.inc from the official openEHR BMM and ITS-XML files.

Why a generator: the RM schema is data (openEHR publishes it as P_BMM files), so Kjerne derives
its type table from those files instead of hand-writing 150 classes. The output is a compact,
line-oriented text table compiled into the binary (engine/bmm/rm_schema.cpp parses it once at
start-up). It is committed so that building Kjerne does not need the corpus; the test
`bmm_schema_is_current` regenerates it from ../shared/corpus and fails if it differs.

Inputs (relative to the corpus root):
  bmm/components/RM/Release-1.1.0/*.bmm and bmm/components/BASE/Release-1.1.0/*.bmm
      types, ancestors, abstractness, generic parameters, properties (type, container,
      mandatory)
  xsd/its-xml/components/RM/Release-1.1.0/*.xsd, .../BASE/Release-1.1.0/BaseTypes.xsd
      canonical property order (the XSD sequence order, which canonical XML must follow),
      which properties are XML attributes, and the XSD's static element type (canonical XML
      needs xsi:type whenever the instance type differs from it)

Output format (one record per line, fields separated by single spaces):
  C <name> <flags> <ancestors,comma-separated|-> <generic-param-bound|-|*>
      flags: a = abstract, p = primitive, g = generic; '-' when none
  P <name> <type> <generic-arg|-> <container> <flags> <xsd-type|->
      container: 1 (single), L (List), S (Set), A (Array), H (Hash)
      flags: m = mandatory, o = open generic (type is the class's parameter), x = XML attribute
  X <slot> <slot> ...
      the ITS-XML element order of the class's properties, when it differs from slot order
Each C line is followed by the class's flattened properties in slot order: every ancestor's
properties first, at that ancestor's slots (so LOCATABLE.name has one slot in every
descendant), then the class's own in ITS-XML order; then an optional X line.

Usage: rm_schema_gen.py CORPUS_DIR [OUT_FILE]   (prints to stdout without OUT_FILE)
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------- ODIN (P_BMM subset)

TOKEN_RE = re.compile(r'''
    (?P<ws>\s+|--[^\n]*)
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<typed>\([A-Za-z_][A-Za-z0-9_]*\))
  | (?P<interval>\|[^|]*\|)
  | (?P<ellipsis>\.\.\.)
  | (?P<punct>[=<>\[\],;])
  | (?P<word>[A-Za-z0-9_.+\-:]+)
''', re.VERBOSE)


def tokenize(text):
    pos = 0
    out = []
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ValueError(f"ODIN: unexpected character {text[pos]!r} at offset {pos}")
        pos = m.end()
        kind = m.lastgroup
        if kind == 'ws':
            continue
        out.append((kind, m.group(kind)))
    return out


class OdinParser:
    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self, expect=None):
        tok = self.peek()
        if expect is not None and tok[1] != expect:
            raise ValueError(f"ODIN: expected {expect!r}, found {tok[1]!r} at token {self.i}")
        self.i += 1
        return tok

    def parse_document(self):
        return self.parse_attrs(end=None)

    def parse_attrs(self, end):
        obj = {}
        while True:
            kind, val = self.peek()
            if kind is None or val == end:
                return obj
            name = self.take()[1]
            self.take('=')
            obj[name] = self.parse_value()

    def parse_value(self):
        if self.peek()[0] == 'typed':
            self.take()
        self.take('<')
        kind, val = self.peek()
        if val == '>':
            self.take()
            return None
        if val == '[':
            result = {}
            while self.peek()[1] == '[':
                self.take('[')
                key = self.take()[1].strip('"')
                self.take(']')
                self.take('=')
                result[key] = self.parse_value()
            self.take('>')
            return result
        if kind == 'word' and self.peek(1)[1] == '=':
            result = self.parse_attrs(end='>')
            self.take('>')
            return result
        items = []
        while True:
            kind, val = self.take()
            if kind == 'str':
                items.append(bytes(val[1:-1], 'utf-8').decode('unicode_escape'))
            elif kind == 'ellipsis':
                pass
            else:
                items.append(val)
            sep = self.take()[1]
            if sep == '>':
                break
            if sep != ',':
                raise ValueError(f"ODIN: expected ',' or '>' in list, found {sep!r}")
        return items


def parse_odin(text):
    p = OdinParser(text)
    return p.parse_document()


def scalar(v):
    if isinstance(v, list):
        return v[0] if v else None
    return v


# ---------------------------------------------------------------------------- BMM model

PRIMITIVES = {'Any', 'Ordered', 'Numeric', 'Ordered_Numeric', 'Octet', 'Byte', 'Boolean', 'Integer',
              'Integer64', 'Real', 'Double', 'Character', 'String', 'Uri', 'Terminology_code',
              'Terminology_term', 'Iso8601_date', 'Iso8601_time', 'Iso8601_date_time',
              'Iso8601_duration', 'Date', 'Time', 'Date_time', 'Duration', 'Temporal', 'Iso8601_type'}
CONTAINERS = {'List': 'L', 'Set': 'S', 'Array': 'A', 'Hash': 'H'}


def load_bmm(corpus):
    classes = {}
    dirs = [os.path.join(corpus, 'bmm/components/BASE/Release-1.1.0'),
            os.path.join(corpus, 'bmm/components/RM/Release-1.1.0')]
    for d in dirs:
        for fn in sorted(os.listdir(d)):
            if not fn.endswith('.bmm'):
                continue
            with open(os.path.join(d, fn), encoding='utf-8') as f:
                doc = parse_odin(f.read())
            for section in ('primitive_types', 'class_definitions'):
                for name, cdef in (doc.get(section) or {}).items():
                    classes[name] = (section, cdef or {})
    return classes


def prop_info(p):
    """(type, generic_arg, container, open_generic) of a P_BMM property dict."""
    if 'type_def' in p:
        td = p['type_def']
        if 'container_type' in td:
            cont = CONTAINERS.get(scalar(td['container_type']), 'L')
            if 'type_def' in td:  # container of a generic type
                inner = td['type_def']
                return scalar(inner['root_type']), first_generic(inner), cont, False
            if cont == 'H':  # Hash<K, V>: value type
                params = td.get('generic_parameters') or td.get('type')
                return scalar(td.get('type')) or 'String', '-', cont, False
            return scalar(td['type']), '-', cont, False
        if 'root_type' in td:
            root = scalar(td['root_type'])
            if root in CONTAINERS:
                params = td.get('generic_parameters') or []
                params = params if isinstance(params, list) else [params]
                return (params[-1] if params else "Any"), "-", CONTAINERS[root], False
            return root, first_generic(td), '1', False
    t = scalar(p.get('type'))
    return t, '-', '1', False


def first_generic(td):
    gp = td.get('generic_parameters')
    if gp is None:
        return '-'
    gp = gp if isinstance(gp, list) else [gp]
    return gp[0] if gp else '-'


# ---------------------------------------------------------------------------- XSD

XS = '{http://www.w3.org/2001/XMLSchema}'


def load_xsd(corpus):
    """name -> (base, [(element name, xsd type)], [attribute names]) for every complexType."""
    files = [os.path.join(corpus, 'xsd/its-xml/components/BASE/Release-1.1.0/BaseTypes.xsd')]
    rm_dir = os.path.join(corpus, 'xsd/its-xml/components/RM/Release-1.1.0')
    files += [os.path.join(rm_dir, f) for f in sorted(os.listdir(rm_dir)) if f.endswith('.xsd')]
    types = {}
    for fn in files:
        root = ET.parse(fn).getroot()
        for ct in root.iter(XS + 'complexType'):
            name = ct.get('name')
            if not name:
                continue
            base = None
            ext = ct.find(f'{XS}complexContent/{XS}extension')
            if ext is None:
                ext = ct.find(f'{XS}complexContent/{XS}restriction')
            if ext is None:
                ext = ct.find(f'{XS}simpleContent/{XS}extension')
            scope = ct
            if ext is not None:
                base = ext.get('base')
                scope = ext
            elems = [(e.get('name'), e.get('type') or '') for e in scope.iter(XS + 'element') if e.get('name')]
            attrs = [a.get('name') for a in scope.iter(XS + 'attribute') if a.get('name')]
            types[name] = (base, elems, attrs)
    return types


def xsd_flat(types, name):
    """Flattened (elements, attributes) of an XSD complex type, base first."""
    if name not in types:
        return None
    base, elems, attrs = types[name]
    if base and base in types:
        be, ba = xsd_flat(types, base)
        return be + elems, ba + attrs
    return list(elems), list(attrs)


# ---------------------------------------------------------------------------- flattening

def generate(corpus):
    classes = load_bmm(corpus)
    xsd = load_xsd(corpus)

    def ancestors(name):
        cdef = classes[name][1]
        anc = cdef.get('ancestors') or []
        anc = anc if isinstance(anc, list) else [anc]
        for adef in (cdef.get('ancestor_defs') or {}).values():  # generic ancestors: X<Y>
            anc.append(scalar(adef.get('root_type')))
        anc = [a.split('<')[0].strip() for a in anc]
        return [a for a in anc if a in classes]

    def own_props(name):
        cdef = classes[name][1]
        return cdef.get('properties') or {}

    flat_cache = {}

    def xsd_key_fn(name):
        """Sort key putting a class's own properties in ITS-XML order: XML attributes
        first, then the XSD sequence, then properties the XSD lacks (BMM order)."""
        fx = xsd_flat(xsd, name)
        if fx is None:
            return lambda i, p: (2, 0, i)
        elems, attrs = fx
        order = {n: i for i, (n, _) in enumerate(elems)}

        def key(i, p):
            if p['name'] in attrs:
                return (0, attrs.index(p['name']), i)
            if p['name'] in order:
                return (1, order[p['name']], i)
            return (2, 0, i)
        return key

    def flat_props(name):
        """Flattened properties: every ancestor's (in that ancestor's final order) first,
        then the class's own in ITS-XML order. Keeping inherited attributes at their
        ancestor's positions gives e.g. LOCATABLE.name one slot in every descendant."""
        if name in flat_cache:
            return flat_cache[name]
        out = []
        seen = {}
        for a in ancestors(name):
            for p in flat_props(a):
                if p['name'] not in seen:
                    seen[p['name']] = len(out)
                    out.append(dict(p))
        gparams = set((classes[name][1].get('generic_parameter_defs') or {}).keys())
        own = []
        for pname, p in own_props(name).items():
            t, garg, cont, _ = prop_info(p)
            rec = {'name': pname, 'type': t, 'garg': garg, 'cont': cont,
                   'mand': scalar(p.get('is_mandatory')) == 'True', 'open': False}
            if t in gparams or t == 'T':
                rec['open'] = True
            if garg in gparams:
                rec['garg'] = '-'
            if pname in seen:  # redefinition in a descendant keeps the inherited position
                out[seen[pname]] = rec
            else:
                own.append(rec)
        key = xsd_key_fn(name)
        own = [p for _, p in sorted(enumerate(own), key=lambda ip: key(ip[0], ip[1]))]
        for rec in own:
            seen[rec['name']] = len(out)
            out.append(rec)
        flat_cache[name] = out
        return out

    lines = ['# Kjerne RM schema: openEHR RM 1.1.0 + BASE 1.1.0, generated by engine/bmm/gen/rm_schema_gen.py.',
             '# Do not edit: regenerate from the BMM/XSD files (see that script).']
    for name in sorted(classes):
        section, cdef = classes[name]
        flags = ''
        if scalar(cdef.get('is_abstract')) == 'True':
            flags += 'a'
        if section == 'primitive_types' or name in PRIMITIVES:
            flags += 'p'
        gdefs = cdef.get('generic_parameter_defs') or {}
        bound = '-'
        if gdefs:
            flags += 'g'
            first = next(iter(gdefs.values())) or {}
            bound = scalar(first.get('conforms_to_type')) or '*'
        anc = ','.join(ancestors(name)) or '-'
        lines.append(f"C {name} {flags or '-'} {anc} {bound}")
        props = flat_props(name)
        fx = xsd_flat(xsd, name)
        if fx is not None:
            elems, attrs = fx
            xtypes = dict(elems)
            for a in attrs:
                xtypes.setdefault(a, 'xs:string')
        else:
            xtypes, attrs = {}, []
        for p in props:
            pf = ('m' if p['mand'] else '') + ('o' if p['open'] else '') + ('x' if p['name'] in attrs else '')
            xt = xtypes.get(p['name'], '-') or '-'
            lines.append(f"P {p['name']} {p['type']} {p['garg']} {p['cont']} {pf or '-'} {xt}")
        # ITS-XML element order, when it differs from slot order: slots sorted by the
        # class's flattened XSD sequence (XML attributes first; properties the XSD lacks last).
        if fx is not None:
            key = xsd_key_fn(name)
            xml_order = [i for i, _ in sorted(enumerate(props), key=lambda ip: key(ip[0], ip[1]))]
            if xml_order != list(range(len(props))):
                lines.append('X ' + ' '.join(str(i) for i in xml_order))
    # Wrapped as a C++ raw string literal so rm_schema.cpp can #include it.
    return 'R"KJBMM(\n' + '\n'.join(lines) + '\n)KJBMM"\n'


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = generate(sys.argv[1])
    if len(sys.argv) > 2:
        with open(sys.argv[2], 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
