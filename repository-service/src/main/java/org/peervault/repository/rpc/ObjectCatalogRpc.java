package org.peervault.repository.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.peervault.proto.v1.AbortUploadRequest;
import org.peervault.proto.v1.AbortUploadResponse;
import org.peervault.proto.v1.BucketResponse;
import org.peervault.proto.v1.CommitObjectRequest;
import org.peervault.proto.v1.CommitPartRequest;
import org.peervault.proto.v1.CompleteUploadRequest;
import org.peervault.proto.v1.CopyObjectRequest;
import org.peervault.proto.v1.CreateBucketRequest;
import org.peervault.proto.v1.CreateUploadRequest;
import org.peervault.proto.v1.CreateUploadResponse;
import org.peervault.proto.v1.DeleteBucketRequest;
import org.peervault.proto.v1.DeleteBucketResponse;
import org.peervault.proto.v1.DeleteObjectRequest;
import org.peervault.proto.v1.DeleteObjectResponse;
import org.peervault.proto.v1.GetBucketRequest;
import org.peervault.proto.v1.GetSigningKeyRequest;
import org.peervault.proto.v1.GetSigningKeyResponse;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.HeadObjectRequest;
import org.peervault.proto.v1.ListBucketsRequest;
import org.peervault.proto.v1.ListBucketsResponse;
import org.peervault.proto.v1.ListObjectsRequest;
import org.peervault.proto.v1.ListObjectsResponse;
import org.peervault.proto.v1.ListPartsRequest;
import org.peervault.proto.v1.ListPartsResponse;
import org.peervault.proto.v1.ListUploadsRequest;
import org.peervault.proto.v1.ListUploadsResponse;
import org.peervault.proto.v1.LocateObjectRequest;
import org.peervault.proto.v1.LocateObjectResponse;
import org.peervault.proto.v1.ObjectCatalogGrpc;
import org.peervault.proto.v1.ObjectResponse;
import org.peervault.proto.v1.PartResponse;
import org.peervault.repository.device.Caller;
import org.peervault.repository.objects.Buckets;
import org.peervault.repository.objects.GatewayAccess;
import org.peervault.repository.objects.ObjectPrincipal;
import org.peervault.repository.objects.Objects;
import org.peervault.repository.objects.Uploads;
import org.peervault.repository.trust.GrantSigner;

/**
 * The {@code peervault.v1.ObjectCatalog} service: resolves the access key each call acts for
 * ({@link GatewayAccess}), then translates the request, calls one domain service and translates
 * the answer. No rules live here.
 */
@Singleton
public class ObjectCatalogRpc implements ObjectCatalogGrpc.AsyncService {

  @Inject
  RpcInvoker invoker;

  @Inject
  GatewayAccess access;

  @Inject
  Buckets buckets;

  @Inject
  Objects objects;

  @Inject
  Uploads uploads;

  @Inject
  GrantSigner grants;

  /** Runs a call for the principal of {@code accessKeyId}. */
  private <T> void call(String method, String accessKeyId, StreamObserver<T> observer,
      Function<ObjectPrincipal, T> work) {
    Caller caller = CallerContext.current();
    invoker.unary(method, observer, () -> work.apply(access.principal(caller, accessKeyId)));
  }

  @Override
  public void getSigningKey(GetSigningKeyRequest r,
      StreamObserver<GetSigningKeyResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("GetSigningKey", observer, () -> {
      GatewayAccess.SigningKey key = access.signingKey(caller, r.getAccessKeyId(), r.getDate(),
          r.getRegion(), r.getService());
      return GetSigningKeyResponse.newBuilder().setSigningKey(ByteString.copyFrom(key.key()))
          .setOrganizationId(key.principal().organizationId())
          .setUserId(key.principal().userId()).build();
    });
  }

  @Override
  public void createBucket(CreateBucketRequest r, StreamObserver<BucketResponse> observer) {
    call("CreateBucket", r.getAccessKeyId(), observer, p -> BucketResponse.newBuilder()
        .setBucket(ObjectMessages.toProto(buckets.create(p, r.getBucket()))).build());
  }

  @Override
  public void listBuckets(ListBucketsRequest r, StreamObserver<ListBucketsResponse> observer) {
    call("ListBuckets", r.getAccessKeyId(), observer, p -> ListBucketsResponse.newBuilder()
        .addAllBuckets(buckets.list(p).stream().map(ObjectMessages::toProto).toList()).build());
  }

  @Override
  public void getBucket(GetBucketRequest r, StreamObserver<BucketResponse> observer) {
    call("GetBucket", r.getAccessKeyId(), observer, p -> BucketResponse.newBuilder()
        .setBucket(ObjectMessages.toProto(buckets.get(p, r.getBucket()))).build());
  }

  @Override
  public void deleteBucket(DeleteBucketRequest r, StreamObserver<DeleteBucketResponse> observer) {
    call("DeleteBucket", r.getAccessKeyId(), observer, p -> {
      buckets.delete(p, r.getBucket());
      return DeleteBucketResponse.getDefaultInstance();
    });
  }

  @Override
  public void commitObject(CommitObjectRequest r, StreamObserver<ObjectResponse> observer) {
    call("CommitObject", r.getAccessKeyId(), observer, p -> object(objects.commit(p,
        new Objects.NewObject(r.getBucket(), r.getKey(), r.getSizeBytes(), r.getEtag(),
            ObjectMessages.toDomain(r.getHeaders()), ObjectMessages.toSlices(r.getChunksList())))));
  }

  @Override
  public void headObject(HeadObjectRequest r, StreamObserver<ObjectResponse> observer) {
    call("HeadObject", r.getAccessKeyId(), observer,
        p -> object(objects.head(p, r.getBucket(), r.getKey())));
  }

  @Override
  public void listObjects(ListObjectsRequest r, StreamObserver<ListObjectsResponse> observer) {
    call("ListObjects", r.getAccessKeyId(), observer, p -> ListObjectsResponse.newBuilder()
        .addAllObjects(objects.list(p, r.getBucket(), r.getPrefix(), r.getStartAfter(),
            r.getLimit()).stream().map(ObjectMessages::toProto).toList()).build());
  }

  @Override
  public void deleteObject(DeleteObjectRequest r, StreamObserver<DeleteObjectResponse> observer) {
    call("DeleteObject", r.getAccessKeyId(), observer, p -> {
      objects.delete(p, r.getBucket(), r.getKey());
      return DeleteObjectResponse.getDefaultInstance();
    });
  }

  @Override
  public void copyObject(CopyObjectRequest r, StreamObserver<ObjectResponse> observer) {
    call("CopyObject", r.getAccessKeyId(), observer, p -> object(objects.copy(p,
        r.getSourceBucket(), r.getSourceKey(), r.getBucket(), r.getKey(), r.getReplaceHeaders()
            ? Optional.of(ObjectMessages.toDomain(r.getHeaders())) : Optional.empty())));
  }

  @Override
  public void locateObject(LocateObjectRequest r, StreamObserver<LocateObjectResponse> observer) {
    Caller caller = CallerContext.current();
    call("LocateObject", r.getAccessKeyId(), observer, p -> {
      Objects.Located located = objects.locate(p, r.getBucket(), r.getKey(), r.getVersion(),
          r.getOffsetBytes(), r.getMaxChunks());
      LocateObjectResponse.Builder b = LocateObjectResponse.newBuilder()
          .setObject(ObjectMessages.toProto(located.object()));
      located.chunks().forEach(s -> b.addChunks(ObjectMessages.toProto(s,
          (chunkId, holders) -> grants.sign(GrantAction.GRANT_ACTION_FETCH, List.of(chunkId),
              caller.deviceId(), caller.organizationId(), holders))));
      return b.build();
    });
  }

  @Override
  public void createUpload(CreateUploadRequest r, StreamObserver<CreateUploadResponse> observer) {
    call("CreateUpload", r.getAccessKeyId(), observer, p -> {
      Uploads.Upload u = uploads.create(p, r.getBucket(), r.getKey(),
          ObjectMessages.toDomain(r.getHeaders()));
      return CreateUploadResponse.newBuilder().setUploadId(u.uploadId())
          .setInitiatedAtMillis(u.initiatedAt().toEpochMilli()).build();
    });
  }

  @Override
  public void commitPart(CommitPartRequest r, StreamObserver<PartResponse> observer) {
    call("CommitPart", r.getAccessKeyId(), observer, p -> PartResponse.newBuilder()
        .setPart(ObjectMessages.toProto(uploads.commitPart(p, new Uploads.NewPart(r.getBucket(),
            r.getKey(), r.getUploadId(), r.getPartNumber(), r.getSizeBytes(), r.getEtag(),
            ObjectMessages.toSlices(r.getChunksList()))))).build());
  }

  @Override
  public void listParts(ListPartsRequest r, StreamObserver<ListPartsResponse> observer) {
    call("ListParts", r.getAccessKeyId(), observer, p -> ListPartsResponse.newBuilder()
        .addAllParts(uploads.parts(p, r.getBucket(), r.getKey(), r.getUploadId()).stream()
            .map(ObjectMessages::toProto).toList()).build());
  }

  @Override
  public void completeUpload(CompleteUploadRequest r, StreamObserver<ObjectResponse> observer) {
    call("CompleteUpload", r.getAccessKeyId(), observer, p -> object(uploads.complete(p,
        r.getBucket(), r.getKey(), r.getUploadId(), r.getPartsList().stream()
            .map(c -> new Uploads.CompletedPart(c.getPartNumber(), c.getEtag())).toList())));
  }

  @Override
  public void abortUpload(AbortUploadRequest r, StreamObserver<AbortUploadResponse> observer) {
    call("AbortUpload", r.getAccessKeyId(), observer, p -> {
      uploads.abort(p, r.getBucket(), r.getKey(), r.getUploadId());
      return AbortUploadResponse.getDefaultInstance();
    });
  }

  @Override
  public void listUploads(ListUploadsRequest r, StreamObserver<ListUploadsResponse> observer) {
    call("ListUploads", r.getAccessKeyId(), observer, p -> ListUploadsResponse.newBuilder()
        .addAllUploads(uploads.list(p, r.getBucket(), r.getPrefix()).stream()
            .map(ObjectMessages::toProto).toList()).build());
  }

  private static ObjectResponse object(org.peervault.repository.objects.StoredObject o) {
    return ObjectResponse.newBuilder().setObject(ObjectMessages.toProto(o)).build();
  }
}
