"""The binding covers virt.h mechanically.

Every function declared by virt.h must have a Python counterpart whose
docstring ends with "C: <function>", named by libvirt-python's rule, on the
class of its first argument; or be in NOT_WRAPPED with the reason. So a
function added to virt.h without a binding fails here. Every constant of
virt.h's enums must be a module attribute with the C value.
"""
import inspect
import os
import re
import unittest

import virt
from support import SOURCE_DIR

# virStream (fifth wave) carries only virDomainOpenConsole, which only the
# libxl backend answers: not bound yet (libvirt-python's virStream class and
# virDomain.openConsole are the names a binding would take).
NOT_BOUND_STREAMS = "not bound yet: streams carry only virDomainOpenConsole, answered only by libxl"

# C functions deliberately without a Python counterpart (libvirt-python
# makes the same choices).
NOT_WRAPPED = {
    "virDomainFree": "a virDomain frees its reference when it is garbage-collected",
    "virDomainInterfaceFree": "interfaceAddresses() returns dicts (libvirt-python frees the C list itself)",
    "virInitialize": "called when the module is imported",
    "virResetError": "virError structs are C memory; Python gets lists",
    "virCopyLastError": "virGetLastError() returns a copy (a list) already",
    "virConnCopyLastError": "virConnect.virConnGetLastError() returns a copy already",
    "virDefaultErrorFunc": "what happens when no Python handler is registered",
    "virConnSetErrorFunc": "libvirt-python has no per-connection handler; registerErrorHandler covers all",
    "virt_connect_auth_default": "behind the virConnectAuthPtrDefault macro; openAuth takes Python's auth list",
    "virGetLastErrorCode": "libvirt-python has none: libvirtError.get_error_code()",
    "virGetLastErrorDomain": "libvirt-python has none: libvirtError.get_error_domain()",
    "virGetLastErrorMessage": "libvirt-python has none: libvirtError.get_error_message()",
    "virEventRegisterImpl": "not bound yet (libvirt-python's takes six Python callables)",
    "virStreamNew": NOT_BOUND_STREAMS,
    "virStreamRef": NOT_BOUND_STREAMS,
    "virStreamSend": NOT_BOUND_STREAMS,
    "virStreamRecv": NOT_BOUND_STREAMS,
    "virStreamEventAddCallback": NOT_BOUND_STREAMS,
    "virStreamEventUpdateCallback": NOT_BOUND_STREAMS,
    "virStreamEventRemoveCallback": NOT_BOUND_STREAMS,
    "virStreamFinish": NOT_BOUND_STREAMS,
    "virStreamAbort": NOT_BOUND_STREAMS,
    "virStreamFree": NOT_BOUND_STREAMS,
    "virDomainOpenConsole": NOT_BOUND_STREAMS,
    "virt_domain_event_register": "domainEventRegister's fallback when no event loop is registered",
    "virt_domain_event_deregister": "domainEventDeregister's, for that fallback",
    "virTypedParamsGet": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetInt": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetUInt": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetLLong": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetULLong": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetDouble": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetBoolean": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsGetString": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddInt": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddUInt": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddLLong": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddULLong": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddDouble": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddBoolean": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddString": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddStringList": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsAddFromString": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsClear": "libvirt-python passes typed parameters as dicts",
    "virTypedParamsFree": "libvirt-python passes typed parameters as dicts",
    "virDomainRef": "a virDomain holds its own reference for its life (libvirt-python skips it too)",
    "virConnectRef": "a virConnect holds its own reference for its life (libvirt-python skips it too)",
    "virt_driver_register": "a driver is a table of C function pointers",
    "virt_driver_domain": "for C drivers only",
    "virt_driver_error": "for C drivers only",
    "virt_driver_emit": "for C drivers only",
    "virt_driver_event_notify": "for C drivers only",
    "virt_connect_open_config": "its settings are C function pointers (test hooks)",
}

# Names that differ from the mechanical rule, as in libvirt-python.
RULE_EXCEPTIONS = {
    "virConnectListDomains": "listDomainsID",     # libvirt-python's name
    "virGetVersion": "getVersion",
    "virSetErrorFunc": "registerErrorHandler",
    "virDomainGetCPUStats": "getCPUStats",        # libvirt-python's name (the rule gives cPUStats)
}

KEEP_CASE = ("ID", "UUID", "OSType", "XMLDesc")


def libvirt_python_name(cname):
    """libvirt-python's generator rule (nameFixup), and virt's own for virt_*."""
    if cname in RULE_EXCEPTIONS:
        return RULE_EXCEPTIONS[cname]
    if cname.startswith("virt_"):
        parts = cname[len("virt_"):].split("_")
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    for prefix in ("virDomainGet", "virDomain", "virNode", "virConnect"):
        if cname.startswith(prefix):
            rest = cname[len(prefix):]
            break
    else:
        return cname                     # virGetLastError, virConnGetLastError, ...
    if rest.startswith(KEEP_CASE):
        return rest
    return rest[0].lower() + rest[1:]


def declarations():
    """[(name, first parameter type)] of virt.h's VIRT_API functions."""
    with open(os.path.join(SOURCE_DIR, "virt.h"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("#ifndef VIRT_H")
    decl = text[start:text.index("#endif /* VIRT_H */", start)]
    decl = re.sub(r"/\*.*?\*/", "", decl, flags=re.S)
    found = []
    for m in re.finditer(r"\bVIRT_API\b([^;{]*?)\b(\w+)\s*\(([^)]*)\)\s*;", decl, flags=re.S):
        params = m.group(3).strip()
        first = params.split(",")[0].strip() if params and params != "void" else ""
        found.append((m.group(2), first))
    return found


def owner_for(first_param):
    if first_param.startswith("virConnectPtr"):
        return "virConnect"
    if first_param.startswith("virDomainPtr"):
        return "virDomain"
    return "module"


def wrapped_functions():
    """{C name: (owner, python name)} from the docstrings' "C: ..." lines."""
    found = {}
    owners = {"module": virt, "virConnect": virt.virConnect, "virDomain": virt.virDomain}
    for owner, obj in owners.items():
        for pyname, member in vars(obj).items():
            doc = getattr(member, "__doc__", None) or ""
            if not callable(member) or inspect.isclass(member):
                continue
            m = re.search(r"^C: (\w+)\s*$", doc, flags=re.M)
            if m:
                found.setdefault(m.group(1), []).append((owner, pyname))
    return found


class TestCoverage(unittest.TestCase):
    def test_virt_h_is_parsed(self):
        names = [n for n, _ in declarations()]
        # a parser that finds nothing would make the next test pass vacuously
        self.assertGreaterEqual(len(names), 50)
        for expected in ("virConnectOpen", "virDomainGetXMLDesc", "virNodeGetInfo", "virt_domain_event_poll"):
            self.assertIn(expected, names)

    def test_every_c_function_is_wrapped(self):
        wrapped = wrapped_functions()
        missing = []
        for cname, first in declarations():
            if cname in NOT_WRAPPED:
                self.assertNotIn(cname, wrapped, "%s is wrapped and listed as not wrapped" % cname)
                continue
            if cname not in wrapped:
                missing.append(cname)
                continue
            expected = (owner_for(first), libvirt_python_name(cname))
            self.assertIn(expected, wrapped[cname],
                          "%s: expected %s.%s, found %s" % (cname, expected[0], expected[1], wrapped[cname]))
        self.assertEqual(missing, [], "virt.h functions without a Python binding")

    def test_no_stale_wrappers(self):
        declared = {n for n, _ in declarations()}
        for cname in wrapped_functions():
            self.assertIn(cname, declared, "a docstring names %s, which virt.h does not declare" % cname)
        for cname in NOT_WRAPPED:
            self.assertIn(cname, declared, "NOT_WRAPPED lists %s, which virt.h does not declare" % cname)

    def test_libvirt_python_names(self):
        # spot checks of the rule against libvirt-python's real names
        self.assertEqual(libvirt_python_name("virDomainGetInfo"), "info")
        self.assertEqual(libvirt_python_name("virNodeGetInfo"), "getInfo")
        self.assertEqual(libvirt_python_name("virDomainGetUUIDString"), "UUIDString")
        self.assertEqual(libvirt_python_name("virDomainLookupByName"), "lookupByName")
        self.assertEqual(libvirt_python_name("virConnectNumOfDomains"), "numOfDomains")
        self.assertEqual(libvirt_python_name("virDomainGetXMLDesc"), "XMLDesc")
        for name in ("lookupByName", "listDomainsID", "numOfDomains", "createLinux", "restore", "getInfo",
                     "defineXML", "lookupByUUIDString"):
            self.assertTrue(callable(getattr(virt.virConnect, name)), name)
        for name in ("ID", "name", "OSType", "info", "XMLDesc", "suspend", "setMemory", "UUID"):
            self.assertTrue(callable(getattr(virt.virDomain, name)), name)
        for name in ("open", "openReadOnly", "getVersion", "registerErrorHandler"):
            self.assertTrue(callable(getattr(virt, name)), name)


    def test_every_binding_is_exercised(self):
        # each wrapped function is called by at least one functional test
        here = os.path.dirname(os.path.abspath(__file__))
        source = ""
        for name in ("test_testdriver.py", "test_lifetime.py", "test_events.py", "test_openauth_events.py",
                     "test_vcpus_node.py", "test_domain_calls.py", "test_stats_devices.py",
                     "test_event_api.py"):
            with open(os.path.join(here, name), encoding="utf-8") as f:
                source += f.read()
        unexercised = sorted("%s.%s" % (owner, pyname)
                             for places in wrapped_functions().values()
                             for owner, pyname in places
                             if not re.search(r"\." + pyname + r"\b", source))
        self.assertEqual(unexercised, [], "bindings no functional test calls")


try:
    import libvirt as real_libvirt
except ImportError:
    real_libvirt = None



def real_parameters(func):
    """[(name, default or None)] of a python3-libvirt method, self dropped."""
    return [(p.name, None if p.default is inspect.Parameter.empty else repr(p.default))
            for p in inspect.signature(func).parameters.values() if p.name != "self"]


def documented_parameters(member):
    """The same from the first line of a virt docstring: "name(a, b=0) -> ..."."""
    m = re.match(r"\w+\(([^)]*)\)", (member.__doc__ or "").split("\n")[0])
    if not m:
        return None
    params = []
    for part in filter(None, (x.strip() for x in m.group(1).split(","))):
        name, _, default = part.partition("=")
        params.append((name, default or None))
    return params


@unittest.skipIf(real_libvirt is None, "python3-libvirt is not importable here")
class TestSignatures(unittest.TestCase):
    """Every method python3-libvirt has too (and the module's open,
    openReadOnly, getVersion, registerErrorHandler) takes the same
    parameters, by name and with the same defaults, so calls with keywords
    run unchanged."""

    def methods(self):
        for name in ("open", "openReadOnly", "getVersion", "registerErrorHandler"):
            yield "module", name, getattr(virt, name), getattr(real_libvirt, name)
        for cls in ("virConnect", "virDomain"):
            for name, member in sorted(vars(getattr(virt, cls)).items()):
                real = getattr(getattr(real_libvirt, cls), name, None)
                if callable(member) and real is not None and not name.startswith("_"):
                    yield cls, name, member, real

    def test_documented_parameters_are_libvirt_pythons(self):
        checked = 0
        for cls, name, member, real in self.methods():
            self.assertEqual(documented_parameters(member), real_parameters(real), "%s.%s" % (cls, name))
            checked += 1
        self.assertGreater(checked, 80)

    def test_keywords_are_accepted(self):
        conn = virt.open("test:///default")
        objects = {"module": virt, "virConnect": conn, "virDomain": conn.lookupByName("test")}
        for cls, name, member, real in self.methods():
            if not real_parameters(real):
                continue
            with self.assertRaises(TypeError, msg="%s.%s" % (cls, name)) as cm:
                getattr(objects[cls], name)(no_such_parameter=1)
            self.assertNotIn("takes no keyword arguments", str(cm.exception), "%s.%s" % (cls, name))


class TestConstants(unittest.TestCase):
    def enum_values(self):
        with open(os.path.join(SOURCE_DIR, "virt.h"), encoding="utf-8") as f:
            text = f.read()
        decl = text[text.index("#ifndef VIRT_H"):text.index("#endif /* VIRT_H */")]
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r"^\s*(VIRT?_[A-Z0-9_]+)\s*=\s*(-?\d+)\s*,?", decl, flags=re.M)}

    def test_every_numbered_enumerator_is_exposed(self):
        values = self.enum_values()
        self.assertGreater(len(values), 150)
        for name, value in values.items():
            self.assertEqual(getattr(virt, name, None), value, name)

    def test_libvirt_numbers(self):
        # libvirt's published values (append-only since 2006)
        self.assertEqual(virt.VIR_ERR_NO_DOMAIN, 42)
        self.assertEqual(virt.VIR_ERR_OPERATION_DENIED, 29)
        self.assertEqual(virt.VIR_FROM_XEND, 2)
        self.assertEqual(virt.VIR_FROM_TEST, 12)
        self.assertEqual(virt.VIR_DOMAIN_SHUTOFF, 5)
        self.assertEqual(virt.VIR_UUID_BUFLEN, 16)
        self.assertEqual(virt.VIR_UUID_STRING_BUFLEN, 37)
        self.assertEqual(virt.VIRT_BACKEND_TEST, 1)

    def test_string_macros_are_strings(self):
        # libvirt-python's values; they once came out as the C pointer's number
        self.assertEqual(virt.VIR_DOMAIN_SCHEDULER_WEIGHT, "weight")
        self.assertEqual(virt.VIR_DOMAIN_SCHEDULER_CAP, "cap")


if __name__ == "__main__":
    unittest.main()
