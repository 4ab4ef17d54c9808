def get_pool_pg_count(osd_num, pool_sz, ceph_version, **pools):
    per_osd = 100 * max(osd_num, 1) // max(pool_sz, 1)
    return {"default_pg_num": per_osd, "volumes": per_osd // 2}
