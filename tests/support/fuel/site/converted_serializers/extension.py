"""The shape of fuel-nailgun-extension-converted-serializers: pipeline steps
taking ``**kwargs`` and returning data (which Nailgun ignored), public
helpers of other names, and a ``weight`` attribute Nailgun never read."""

import logging

from nailgun import extensions, objects, utils
from nailgun.orchestrator.deployment_serializers import get_serializer_for_cluster

logger = logging.getLogger(__name__)


class ConvertPreLCMtoLCM(extensions.BasePipeline):
    @classmethod
    def pre_process_data_for_cluster(cls, cluster, data, **kwargs):
        return data

    @classmethod
    def post_process_data_for_cluster(cls, cluster, data, **kwargs):
        return data

    @classmethod
    def pre_process_data_for_node(cls, node, data, **kwargs):
        return data

    @classmethod
    def post_process_data_for_node(cls, node, data, **kwargs):
        return data

    @classmethod
    def serialize_cluster(cls, cluster, data, **kwargs):
        if objects.Release.is_lcm_supported(cluster.release):
            return data
        serializer = get_serializer_for_cluster(cluster)()
        serializer.initialize(cluster)
        common_attrs = serializer.get_common_attrs(cluster)
        if cluster.replaced_deployment_info:
            utils.dict_update(common_attrs, cluster.replaced_deployment_info)
        return common_attrs

    @classmethod
    def serialize_node(cls, node, data, **kwargs):
        if objects.Release.is_lcm_supported(node.cluster.release):
            return data
        serializer = get_serializer_for_cluster(node.cluster)()
        serializer.initialize(node.cluster)
        role = objects.Node.all_roles(node)[0]
        return serializer.serialize_node({}, node, role)

    @classmethod
    def process_deployment_for_cluster(cls, cluster, data, **kwargs):
        pre = cls.pre_process_data_for_cluster(cluster, data, **kwargs)
        real = cls.serialize_cluster(cluster, pre, **kwargs)
        post = cls.post_process_data_for_cluster(cluster, real, **kwargs)
        post["cluster"] = data["cluster"]
        return post

    @classmethod
    def process_deployment_for_node(cls, node, node_data, **kwargs):
        pre = cls.pre_process_data_for_node(node, node_data, **kwargs)
        real = cls.serialize_node(node, pre, **kwargs)
        return cls.post_process_data_for_node(node, real, **kwargs)


class ConvertedSerializersExtension(extensions.BaseExtension):
    name = "converted_serializers"
    version = "0.0.1"
    description = "Serializers Conversion extension"
    weight = 100

    data_pipelines = [
        ConvertPreLCMtoLCM,
    ]
