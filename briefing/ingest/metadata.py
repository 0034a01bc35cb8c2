"""placeholder"""
def front_matter(lines): return {}, 0
def load_manifest(folder): return {}, None
def fill(*a): pass
